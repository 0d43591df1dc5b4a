package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("serve", "Run the web server. Migrates the database; an empty one is filled with a demo country and demo staff unless --demo-persons=0.", out)
	dbURL := dbFlag(fs)
	addr := fs.String("addr", env("DOST_ADDR", ":8080"), "listen address (env DOST_ADDR)")
	persons := fs.Int("demo-persons", envInt("DOST_DEMO_PERSONS", 20000), "persons to generate into an empty database; 0 for none (env DOST_DEMO_PERSONS)")
	insecure := fs.Bool("insecure-cookie", os.Getenv("DOST_INSECURE_COOKIE") == "true", "send the session cookie over plain HTTP to hosts other than localhost (env DOST_INSECURE_COOKIE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.New(ctx, app.Config{DB: *dbURL, Addr: *addr, InsecureCookie: *insecure, Payer: payerFromEnv(), Log: slog.Default()})
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
		}
	}
	return a.Serve(ctx, func(listen string) {
		fmt.Fprintf(out, "dost %s on %s (%s database %s)\nOpen http://%s\n", app.Version, listen, a.DB.Dialect, db.Redact(*dbURL), browserAddr(listen))
	})
}

func printDemoUsers(out io.Writer) {
	fmt.Fprintf(out, "\nDemo staff (password for all: %s):\n", demo.Password)
	for _, acc := range demo.Accounts {
		fmt.Fprintf(out, "  %-11s %-19s %s\n", acc.Login, acc.Role, acc.Institution)
	}
	fmt.Fprintln(out)
}

func browserAddr(listen string) string {
	if strings.HasPrefix(listen, "[::]") || strings.HasPrefix(listen, "0.0.0.0") {
		return "localhost" + listen[strings.LastIndex(listen, ":"):]
	}
	return listen
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}
