package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/progress"
)

// open opens the system for a command, with the settings of the environment; in demo mode when
// DOST_DEMO=1. A command on a demo database without it, or with it on a production one, is
// refused, as the server is; so is a database that is not a dost installation.
func open(ctx context.Context, dbURL string) (*app.App, error) {
	if err := existing(ctx, dbURL); err != nil {
		return nil, err
	}
	return openMode(ctx, dbURL, demoEnv())
}

// existing refuses a database that is not a dost installation — a mistyped path, the wrong
// PostgreSQL database — so that a command fails there instead of creating an empty database
// and reporting on it ("audit log intact: 0 rows"). Only init, demo, migrate and serve
// create one.
func existing(ctx context.Context, dbURL string) error {
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("no database at %s: give the path of an existing one with --db (or DOST_DB), or create one with `dost init` or `dost demo`", path)
		}
	}
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if mode, err := app.Mode(ctx, d); err != nil || mode == "" {
		return fmt.Errorf("the database at %s is not a dost installation: create one with `dost init` or `dost demo`, or bring an older one up to date with `dost migrate`", db.Redact(dbURL))
	}
	return nil
}

func openMode(ctx context.Context, dbURL string, demo bool) (*app.App, error) {
	cfg, err := envConfig(dbURL, demo)
	if err != nil {
		return nil, err
	}
	cfg.Log = quiet()
	cfg.JobsQueue = jobs.PrivateQueue() // a command works only its own jobs: no server takes them
	return app.New(ctx, cfg)
}

func runVersion(_ context.Context, args []string, out io.Writer) error {
	if err := flags("version", "Print the version.", out).Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(out, "dost", app.Version)
	return nil
}

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("migrate", "Bring the schema up to date, as the database's owner role, and give the audit log its first signed checkpoint if it has none. With --status, only print the current and newest versions. An empty database is marked as a production installation, or a demo one with --demo; a database of the other mode is refused.", out)
	dbURL := dbFlag(fs)
	status := fs.Bool("status", false, "print versions, change nothing")
	appRole := fs.String("app-role", os.Getenv("DOST_APP_ROLE"), "PostgreSQL role `dost serve --no-migrate` runs as: granted the tables, but only INSERT and SELECT on the audit log (env DOST_APP_ROLE; docs/security-audit.md)")
	dir := checkpointDirFlag(fs)
	demo := demoFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if !*status {
		if err := d.Migrate(ctx); err != nil {
			return err
		}
		if err := jobs.Migrate(ctx, d); err != nil { // River's own tables
			return err
		}
		if err := app.Claim(ctx, d, *demo); err != nil {
			return err
		}
		if *appRole != "" {
			if err := grantAppRole(ctx, d, *appRole); err != nil {
				return err
			}
		}
		if err := firstCheckpoint(ctx, d, *dir); err != nil {
			return err
		}
	}
	cur, newest, err := d.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "schema version %d of %d (%s)\n", cur, newest, d.Dialect)
	return nil
}

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("demo", "Generate a demo country (persons in households, incomes, categories, demo staff and programmes) into an empty database, which becomes a demo installation: start it with `dost serve --demo`.", out)
	dbURL := dbFlag(fs)
	persons := fs.Int("persons", 20000, "how many persons")
	entitlements := fs.Int("entitlements", 0, "extra active TSSA entitlements, for payroll benchmarks")
	life := fs.Bool("life", true, "fill the last five weeks with applications, tickets, appeals, benefits and a payroll cycle (false for the bare registry, as benchmarks load it)")
	credentials := fs.Bool("credentials", false, "load nothing: print the demo logins and a few citizens' FİNs of an existing demo database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *credentials {
		return demoCredentials(ctx, *dbURL, out)
	}
	a, err := openMode(ctx, *dbURL, true)
	if err != nil {
		return err
	}
	defer a.Close()
	a.Config.DemoLife = *life
	bar := progress.New(os.Stderr, "demo country")
	seeded, err := a.SeedDemo(ctx, *persons, *entitlements, bar.Set)
	if err != nil {
		return err
	}
	if !seeded {
		return fmt.Errorf("the database already has data: demo data goes only into an empty database")
	}
	bar.Done()
	printDemoUsers(out)
	printDemoCitizens(ctx, out, a)
	return nil
}

// demoCredentials reprints what `dost demo` printed, for a demo database made earlier.
func demoCredentials(ctx context.Context, dbURL string, out io.Writer) error {
	if err := existing(ctx, dbURL); err != nil {
		return err
	}
	a, err := openMode(ctx, dbURL, true)
	if err != nil {
		return err
	}
	defer a.Close()
	printDemoUsers(out)
	printDemoCitizens(ctx, out, a)
	return nil
}
