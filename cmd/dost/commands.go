package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
)

func open(ctx context.Context, dbURL string) (*app.App, error) {
	return app.New(ctx, app.Config{DB: dbURL, Payer: payerFromEnv(), PayrollBatch: envInt("DOST_PAYROLL_BATCH", 0),
		ActivationTTL: envDuration("DOST_ACTIVATION_TTL"),
		Log:           slog.New(slog.NewJSONHandler(io.Discard, nil))})
}

// payerFromEnv reads the paying account from DOST_PAYER_NAME, DOST_PAYER_IBAN and
// DOST_PAYER_BIC; unset, the demo account is used.
func payerFromEnv() payments.Payer {
	return payments.Payer{Name: os.Getenv("DOST_PAYER_NAME"), IBAN: os.Getenv("DOST_PAYER_IBAN"), BIC: os.Getenv("DOST_PAYER_BIC")}
}

func runVersion(_ context.Context, args []string, out io.Writer) error {
	if err := flags("version", "Print the version.", out).Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(out, "dost", app.Version)
	return nil
}

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("migrate", "Bring the schema up to date. With --status, only print the current and newest versions.", out)
	dbURL := dbFlag(fs)
	status := fs.Bool("status", false, "print versions, change nothing")
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
	}
	cur, newest, err := d.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "schema version %d of %d (%s)\n", cur, newest, d.Dialect)
	return nil
}

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("demo", "Generate a demo country (persons in households, incomes, categories, demo staff and programmes) into an empty database.", out)
	dbURL := dbFlag(fs)
	persons := fs.Int("persons", 20000, "how many persons")
	entitlements := fs.Int("entitlements", 0, "extra active TSSA entitlements, for payroll benchmarks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
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
	return nil
}

func runAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(out, "Usage: dost audit verify [--db URL]\n\nRecomputes the hash chain of the whole audit log. Exits 2 and names the first broken row if any row was edited, deleted or reordered.")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return fmt.Errorf("audit: want verify")
	}
	fs := flags("audit verify", "Verify the audit log's hash chain; exit 2 on the first broken row.", out)
	dbURL := dbFlag(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	bar := progress.New(os.Stderr, "audit verify")
	res, err := a.Audit.Verify(ctx, func(done, total int64) { bar.Set(int(done), int(total)) })
	if err != nil {
		return err
	}
	bar.Done()
	if res.Broken != nil {
		return exitError{2, fmt.Errorf("audit log broken at row %d: %s (%d rows before it intact)", res.Broken.ID, res.Broken.Reason, res.Rows)}
	}
	fmt.Fprintf(out, "audit log intact: %d rows\n", res.Rows)
	return nil
}
