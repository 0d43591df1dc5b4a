package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/progress"
	"github.com/dost-platform/dost/internal/platform/request"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("serve", "Run the web server; migrates the database. Without --demo, every setting a real installation needs must be given (README: Running in production). With --demo, an empty database is filled with a demo country and demo staff.", out)
	dbURL := dbFlag(fs)
	addr := fs.String("addr", env("DOST_ADDR", ":8080"), "listen address (env DOST_ADDR)")
	demoMode := demoFlag(fs)
	persons := fs.Int("demo-persons", envInt("DOST_DEMO_PERSONS", 20000), "with --demo: persons to generate into an empty database; 0 for none (env DOST_DEMO_PERSONS)")
	life := fs.Bool("demo-life", os.Getenv("DOST_DEMO_LIFE") != "false", "with --demo: fill a new demo's last five weeks with applications, tickets, appeals, benefits and a payroll cycle, so that every page shows something (env DOST_DEMO_LIFE=false for none)")
	baseURL := fs.String("base-url", os.Getenv("DOST_BASE_URL"), "public address printed in certificates' QR codes and SMS links; the listen address when empty (env DOST_BASE_URL)")
	shift := fs.Duration("clock-offset", envDuration("DOST_CLOCK_OFFSET"), "with --demo only: run as if the clock were this much later, e.g. 720h, to rehearse deadlines (env DOST_CLOCK_OFFSET)")
	proxies := fs.String("trusted-proxies", os.Getenv("DOST_TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of the reverse proxies whose X-Forwarded-For names the client; none by default (env DOST_TRUSTED_PROXIES)")
	noMigrate := fs.Bool("no-migrate", os.Getenv("DOST_NO_MIGRATE") == "true", "do not migrate: run as the app role, which has no rights to change the schema or the audit log; `dost migrate` runs as the owner (env DOST_NO_MIGRATE)")
	checkpointDir := checkpointDirFlag(fs)
	checkpointEvery := fs.Duration("checkpoint-every", envDurationOr("DOST_CHECKPOINT_EVERY", 5*time.Minute), "how often the audit log's head is signed into a checkpoint (env DOST_CHECKPOINT_EVERY)")
	metrics := fs.String("metrics-addr", os.Getenv("DOST_METRICS_ADDR"), "serve /metrics on this separate address, e.g. 127.0.0.1:9090, instead of the public one (env DOST_METRICS_ADDR)")
	codeTTL := fs.Duration("activation-ttl", envDuration("DOST_ACTIVATION_TTL"), "how long a staff account's one-time activation code is valid; 72h when unset (env DOST_ACTIVATION_TTL)")
	rescueAfter := fs.Duration("job-rescue-after", envDurationOr("DOST_JOB_RESCUE_AFTER", jobs.DefaultRescueAfter), "how long a background job may go without a sign of life before another node runs it again (a node that died); 2m by default (env DOST_JOB_RESCUE_AFTER)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := demoOnly(fs, *demoMode); err != nil {
		return err
	}
	trusted, err := request.ParseProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	cfg, err := envConfig(*dbURL, *demoMode)
	if err != nil {
		return err
	}
	cfg.Addr, cfg.BaseURL, cfg.TrustedProxies, cfg.MetricsAddr, cfg.Log = *addr, *baseURL, trusted, *metrics, slog.Default()
	cfg.NoMigrate, cfg.Checkpoint.Dir, cfg.Checkpoint.Every = *noMigrate, *checkpointDir, *checkpointEvery
	cfg.ActivationTTL, cfg.JobRescueAfter, cfg.DemoLife = *codeTTL, *rescueAfter, *demoMode && *life
	if *shift != 0 {
		cfg.Clock = clock.Shifted{By: *shift}
		slog.Warn("clock shifted: deadlines and dates are computed as if it were later", "offset", shift.String())
	}
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if *demoMode {
		fmt.Fprintln(out, "DEMO MODE: made-up data, published passwords, sign-in by FİN alone. Never put real persons' data here; a real installation starts without --demo (README: Running in production).")
	}
	if *demoMode && *persons > 0 {
		bar := progress.New(os.Stderr, "demo country")
		seeded, err := a.SeedDemo(ctx, *persons, 0, bar.Set)
		if err != nil {
			return err
		}
		if seeded {
			bar.Done()
		}
	}
	if *demoMode { // on every start: the logins are what a demo user forgets first
		printDemoUsers(out)
		printDemoCitizens(ctx, out, a)
	}
	return a.Serve(ctx, func(listen string) {
		fmt.Fprintf(out, "dost %s on %s (%s database %s)\n", app.Version, listen, a.DB.Dialect, db.Redact(*dbURL))
		if a.MetricsListen != "" {
			fmt.Fprintf(out, "Metrics at http://%s/metrics\n", a.MetricsListen)
		}
		fmt.Fprintf(out, "Open http://%s\n", app.BrowserAddr(listen))
	})
}

// demoOnly refuses the flags that mean something only in a demo when --demo is off, rather
// than ignoring them: --demo-persons would seed nothing, and a shifted clock would move real
// deadlines.
func demoOnly(fs *flag.FlagSet, demo bool) error {
	if demo {
		return nil
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "demo-persons" || f.Name == "clock-offset" || f.Name == "demo-life" {
			err = fmt.Errorf("--%s is a demo setting: refused without --demo (DOST_DEMO=1)", f.Name)
		}
	})
	for _, name := range []string{"DOST_DEMO_PERSONS", "DOST_CLOCK_OFFSET"} {
		if err == nil && os.Getenv(name) != "" {
			err = fmt.Errorf("%s is a demo setting: refused without --demo (DOST_DEMO=1)", name)
		}
	}
	return err
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

func envDuration(key string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(key))
	return d
}

func envDurationOr(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return d
	}
	return def
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}
