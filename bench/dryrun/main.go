// Command dryrun measures a rule's dry run over a registry that dost demo (or another bench)
// has filled: every household evaluated under a draft TSSA rule and the version in force.
//
//	go run ./bench/dryrun --db sqlite:/tmp/p/dost.db
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
)

func main() {
	dbURL := flag.String("db", "", "a database with demo data")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the dry run here")
	flag.Parse()
	if *profile != "" {
		f, _ := os.Create(*profile)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx := authz.With(context.Background(), &authz.Principal{Login: "analyst"})
	a, err := app.New(ctx, app.Config{DB: *dbURL, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer a.Close()
	draft := demo.Programs()[0].Rule
	draft.Amount = "params.need_criterion * household.size - household.avg_monthly_income + 1000"
	rv, err := a.Programs.SaveRule(ctx, "TSSA", draft)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	run, err := a.Programs.DryRunRule(ctx, "TSSA", rv.Rule.Version, clock.Today(clock.System{}), "en", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	took := time.Since(start)
	fmt.Printf("| %s | dry run of a TSSA rule against the version in force | %d households | %s | %.0f households/s; %d eligible, %s AZN a month; %d changed |\n",
		a.DB.Dialect, run.Cases, took.Round(time.Millisecond), float64(run.Cases)/took.Seconds(), run.Draft.Eligible, run.Draft.Monthly, run.Changed)
}
