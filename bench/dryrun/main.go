// Command dryrun measures a rule's dry run over a registry that dost demo (or another bench)
// has filled: every household evaluated under a draft TSSA rule and the version in force.
// It runs the dry run --runs times and reports the median, beside its floor measured in the
// same run: the database reading the rows the dry run reads (every row of the household facts
// the registry keeps, household_facts) in one sequential pass (floorRead).
//
//	go run ./bench/dryrun --db sqlite:/tmp/p/dost.db --runs 3
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/programs"
)

func main() {
	dbURL := flag.String("db", "", "a database with demo data")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the dry runs here")
	runs := flag.Int("runs", 3, "how many dry runs (and floor reads) to take the median of")
	flag.Parse()
	ctx := authz.With(context.Background(), &authz.Principal{Login: "analyst"})
	a, err := app.New(ctx, app.Config{DB: *dbURL, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fail(err)
	}
	defer a.Close()
	draft := demo.Programs()[0].Rule
	draft.Amount = "params.need_criterion * household.size - household.avg_monthly_income + 1000"
	rv, err := a.Programs.SaveRule(ctx, "TSSA", draft)
	if err != nil {
		fail(err)
	}
	day := clock.Today(clock.System{})
	if *profile != "" {
		f, _ := os.Create(*profile)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var took, floors []time.Duration
	var run programs.DryRun
	for range *runs {
		floor, err := floorRead(ctx, a.DB)
		if err != nil {
			fail(err)
		}
		start := time.Now()
		run, err = a.Programs.DryRunRule(ctx, "TSSA", rv.Rule.Version, day, "en", nil)
		if err != nil {
			fail(err)
		}
		took, floors = append(took, time.Since(start)), append(floors, floor)
		fmt.Fprintf(os.Stderr, "dry run %s, floor %s\n", took[len(took)-1].Round(time.Millisecond), floor.Round(time.Millisecond))
	}
	t, f := median(took), median(floors)
	fmt.Printf("| %s | dry run of a TSSA rule against the version in force (median of %d: %s) | %d households | %s | %.0f households/s; %d eligible, %s AZN a month; %d changed | floor %s → ratio %.2f |\n",
		a.DB.Dialect, *runs, roundAll(took), run.Cases, t.Round(time.Millisecond), float64(run.Cases)/t.Seconds(),
		run.Draft.Eligible, run.Draft.Monthly, run.Changed, f.Round(time.Millisecond), t.Seconds()/f.Seconds())
}

// floorRead has the database read the rows a dry run reads — every row of the household
// facts the registry keeps, with its categories and incomes — in one sequential pass, without
// returning them: what any dry run must at least pay on this registry.
func floorRead(ctx context.Context, d *db.DB) (time.Duration, error) {
	start := time.Now()
	var rows, chars int64
	err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(LENGTH(categories) + LENGTH(incomes)), 0) FROM household_facts`).Scan(&rows, &chars)
	return time.Since(start), err
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func roundAll(ds []time.Duration) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += ", "
		}
		out += d.Round(10 * time.Millisecond).String()
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
