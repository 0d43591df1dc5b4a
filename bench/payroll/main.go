// Command payroll measures a monthly payroll at national scale on one database: preparing
// and exporting a cycle of N active entitlements, against the floor of bulk-writing the same
// number of payment lines, with the process's peak memory.
//
//	go run ./bench/payroll --db sqlite:/tmp/p/dost.db --persons 1000000 --entitlements 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/dost-platform/dost/bench/floor"
	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/paymentsdb"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
)

func main() {
	dbURL := flag.String("db", "", "empty database: sqlite:PATH or postgres://…")
	persons := flag.Int("persons", 1000000, "demo persons")
	ents := flag.Int("entitlements", 1000000, "active entitlements to pay")
	out := flag.String("out", os.TempDir(), "directory for the payment files")
	profile := flag.String("cpuprofile", "", "write a CPU profile of prepare and export to this file")
	flag.BoolVar(&reuse, "reuse", false, "the database holds the demo from an earlier run: clear its payroll and measure again")
	flag.Parse()
	cpuProfile = *profile
	if err := run(context.Background(), *dbURL, *persons, *ents, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

var (
	cpuProfile string
	reuse      bool
)

func run(ctx context.Context, url string, persons, ents int, out string) error {
	a, err := app.New(ctx, app.Config{DB: url, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := seed(ctx, a, persons, ents); err != nil {
		return err
	}
	if a.DB.Dialect == db.Postgres {
		a.DB.ExecContext(ctx, `ANALYZE`)
	}
	base, err := linesFloor(ctx, a.DB, ents)
	if err != nil {
		return err
	}
	tssa, err := a.ProgramStore.ProgramByCode(ctx, "TSSA")
	if err != nil {
		return err
	}
	ctx = authz.With(ctx, &authz.Principal{Login: "finance"})
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	c, err := a.Payments.Prepare(ctx, tssa.ID, "TSSA", clock.MonthOf(clock.Today(clock.System{})), nil)
	if err != nil {
		return err
	}
	prepared := time.Since(start)
	if _, err := a.Payments.Approve(authz.With(ctx, &authz.Principal{Login: "finance2"}), c.ID); err != nil {
		return err
	}
	start = time.Now()
	files, err := a.Payments.Export(ctx, c.ID, payments.Pain00109, filepath.Join(out, "payroll-bench"))
	if err != nil {
		return err
	}
	exported := time.Since(start)
	totals, _ := a.Payments.Totals(ctx, c.ID)
	// the next month, as every month after the first: a million earlier lines to read what
	// they covered, one month due each
	start = time.Now()
	next, err := a.Payments.Prepare(ctx, tssa.ID, "TSSA", c.Period.Add(1), nil)
	if err != nil {
		return err
	}
	nextPrepared := time.Since(start)
	nextTotals, _ := a.Payments.Totals(ctx, next.ID)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("| %s | prepare %d entitlements | %s | %d lines (%s) |\n", a.DB.Dialect, ents, prepared.Round(time.Millisecond), lines(totals), summary(totals))
	fmt.Printf("| %s | export pain.001.001.09 | %s | %d files |\n", a.DB.Dialect, exported.Round(time.Millisecond), len(files))
	fmt.Printf("| %s | prepare + export | %s | floor: bulk-write %d bare line rows %s → ratio %.2f |\n", a.DB.Dialect,
		(prepared + exported).Round(time.Millisecond), ents, base.Round(time.Millisecond), (prepared+exported).Seconds()/base.Seconds())
	fmt.Printf("| %s | prepare the next month (after the first is exported) | %s | %d lines (%s) |\n", a.DB.Dialect,
		nextPrepared.Round(time.Millisecond), lines(nextTotals), summary(nextTotals))
	what := "peak RSS of the process (demo load included)"
	if reuse {
		what = "peak RSS of the process"
	}
	fmt.Printf("| %s | %s | %d MiB | |\n", a.DB.Dialect, what, ru.Maxrss/1024)
	return nil
}

// seed loads the demo country, or with --reuse clears what an earlier run's payroll left.
func seed(ctx context.Context, a *app.App, persons, ents int) error {
	if reuse {
		for _, table := range []string{"payment_files", "payment_lines", "payment_cycles"} {
			if _, err := a.DB.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return err
			}
		}
		if a.DB.Dialect == db.Postgres {
			_, err := a.DB.ExecContext(ctx, `VACUUM ANALYZE payment_lines`)
			return err
		}
		return nil
	}
	bar := progress.New(os.Stderr, "demo")
	if _, err := a.SeedDemo(ctx, persons, ents, bar.Set); err != nil {
		return err
	}
	bar.Done()
	return nil
}

// linesFloor times bulk-writing n rows with a payment line's columns into a bare table.
func linesFloor(ctx context.Context, d *db.DB, n int) (time.Duration, error) {
	row := []any{"1", "123456", "regular", "2026-11", "2026-11", "1", "24000", "0", "24000", "5ABCD12", "Məmmədov Əli Qasım oğlu",
		"AZ21NABZ00000000137010001944", "NABZ", "pending", ""}
	return floor.Measure(ctx, d, paymentsdb.LineColumns, row, n)
}

func lines(t payments.Totals) int64 {
	var n int64
	for _, s := range t {
		n += s.Lines
	}
	return n
}

func summary(t payments.Totals) string {
	var parts []string
	for st, s := range t {
		parts = append(parts, fmt.Sprintf("%s %d", st, s.Lines))
	}
	return strings.Join(parts, ", ")
}
