package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/identity/identityweb"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
	"github.com/dost-platform/dost/internal/platform/request"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("serve", "Run the web server. Migrates the database; an empty one is filled with a demo country and demo staff unless --demo-persons=0.", out)
	dbURL := dbFlag(fs)
	addr := fs.String("addr", env("DOST_ADDR", ":8080"), "listen address (env DOST_ADDR)")
	persons := fs.Int("demo-persons", envInt("DOST_DEMO_PERSONS", 20000), "persons to generate into an empty database; 0 for none (env DOST_DEMO_PERSONS)")
	insecure := fs.Bool("insecure-cookie", os.Getenv("DOST_INSECURE_COOKIE") == "true", "send the session cookie over plain HTTP to hosts other than localhost (env DOST_INSECURE_COOKIE)")
	baseURL := fs.String("base-url", os.Getenv("DOST_BASE_URL"), "public address printed in certificates' QR codes and SMS links; the listen address when empty (env DOST_BASE_URL)")
	demoLogin := fs.Bool("demo-login", env("DOST_DEMO_LOGIN", "true") == "true", "let citizens sign in to the portal by FİN alone: demo and training only (env DOST_DEMO_LOGIN)")
	shift := fs.Duration("clock-offset", envDuration("DOST_CLOCK_OFFSET"), "run as if the clock were this much later, e.g. 720h, to rehearse deadlines; never in production (env DOST_CLOCK_OFFSET)")
	proxies := fs.String("trusted-proxies", os.Getenv("DOST_TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of the reverse proxies whose X-Forwarded-For names the client; none by default (env DOST_TRUSTED_PROXIES)")
	codeTTL := fs.Duration("activation-ttl", envDuration("DOST_ACTIVATION_TTL"), "how long a staff account's one-time activation code is valid; 72h when unset (env DOST_ACTIVATION_TTL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	trusted, err := request.ParseProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	cfg := app.Config{TrustedProxies: trusted, DB: *dbURL, Addr: *addr, InsecureCookie: *insecure, Payer: payerFromEnv(), Log: slog.Default(), BaseURL: *baseURL,
		CitizenLogin: identityweb.CitizenLogin{Demo: *demoLogin, OIDC: oidcFromEnv()}, ActivationTTL: *codeTTL}
	if *shift != 0 {
		cfg.Clock = clock.Shifted{By: *shift}
		slog.Warn("clock shifted: deadlines and dates are computed as if it were later", "offset", shift.String())
	}
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if *persons > 0 {
		bar := progress.New(os.Stderr, "demo country")
		seeded, err := a.SeedDemo(ctx, *persons, 0, bar.Set)
		if err != nil {
			return err
		}
		if seeded {
			bar.Done()
			printDemoUsers(out)
			printDemoCitizens(ctx, out, a)
		}
	}
	return a.Serve(ctx, func(listen string) {
		fmt.Fprintf(out, "dost %s on %s (%s database %s)\nOpen http://%s\n", app.Version, listen, a.DB.Dialect, db.Redact(*dbURL), app.BrowserAddr(listen))
	})
}

func printDemoUsers(out io.Writer) {
	fmt.Fprintf(out, "\nDemo staff (password for all: %s):\n", demo.Password)
	for _, acc := range demo.Accounts {
		fmt.Fprintf(out, "  %-11s %-19s %s\n", acc.Login, acc.Role, acc.Institution)
	}
	fmt.Fprintln(out)
}

// printDemoCitizens names a few people of the demo registry to sign in to e-social with.
func printDemoCitizens(ctx context.Context, out io.Writer, a *app.App) {
	rows, err := a.DB.QueryContext(ctx, `SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id
		WHERE p.death_date IS NULL ORDER BY p.id LIMIT 3`)
	if err != nil {
		return
	}
	defer rows.Close()
	var fins []string
	for rows.Next() {
		var fin string
		rows.Scan(&fin)
		fins = append(fins, fin)
	}
	fmt.Fprintf(out, "Citizen portal e-social at /e-social: demo sign-in with a FİN, e.g. %s\n\n", strings.Join(fins, ", "))
}

// oidcFromEnv reads the citizens' single sign-on provider: DOST_OIDC_ISSUER and the client
// registered there; none when the issuer is not set.
func oidcFromEnv() *identityweb.OIDC {
	issuer := os.Getenv("DOST_OIDC_ISSUER")
	if issuer == "" {
		return nil
	}
	return &identityweb.OIDC{Issuer: issuer, ClientID: os.Getenv("DOST_OIDC_CLIENT_ID"), ClientSecret: os.Getenv("DOST_OIDC_CLIENT_SECRET"),
		RedirectURL: os.Getenv("DOST_OIDC_REDIRECT_URL"), FINClaim: os.Getenv("DOST_OIDC_FIN_CLAIM")}
}

func envDuration(key string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(key))
	return d
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}
