package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/progress"
	"github.com/dost-platform/dost/internal/programs"
)

const rulesUsage = `Usage: dost rules COMMAND [flags]

Commands:
  dry-run --program CODE --version N [--date YYYY-MM-DD] [--lang az|en|ru] --as LOGIN
          try a rule version over the whole registry and compare it with the version in force

--as names the analyst the command acts for; it is recorded in the audit log.`

func runRules(ctx context.Context, args []string, out io.Writer) error {
	return subcommand(ctx, "rules", rulesUsage, map[string]commandFunc{"dry-run": rulesDryRun}, args, out)
}

func rulesDryRun(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("rules dry-run", "Evaluate a rule version over every household of the registry, beside the version in force. Decides nothing.", out)
	dbURL, as := dbFlag(fs), fs.String("as", "", "analyst's login")
	code := fs.String("program", "", "programme code")
	version := fs.Int("version", 0, "rule version")
	date := fs.String("date", "", "day to evaluate on, YYYY-MM-DD; today when empty")
	lang := fs.String("lang", "az", "language of the sample explanations: az, en or ru")
	if err := fs.Parse(args); err != nil {
		return err
	}
	day := clock.Today(clock.System{})
	if *date != "" {
		var err error
		if day, err = clock.ParseDate(*date); err != nil {
			return fmt.Errorf("--date: %w", err)
		}
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.ProgramManage)
	if err != nil {
		return err
	}
	defer a.Close()
	bar := progress.New(os.Stderr, fmt.Sprintf("dry run %s v%d", *code, *version))
	rec, err := dryRunInForeground(ctx, a, *code, *version, day, *lang, func(done, total int64) { bar.Set(int(done), int(total)) })
	if err != nil {
		return err
	}
	bar.Done()
	fmt.Fprintf(out, "dry run %d, on record on the programme's page\n", rec.ID)
	printDryRun(out, *rec.Result)
	return nil
}

// dryRunInForeground runs the same dry-run job the programme page starts, on this command's
// private queue, and follows its run record until it ends.
func dryRunInForeground(ctx context.Context, a *app.App, code string, version int, day clock.Date, lang string, progress func(done, total int64)) (programs.DryRunRecord, error) {
	if err := a.Jobs.Start(ctx); err != nil {
		return programs.DryRunRecord{}, err
	}
	defer a.Jobs.Stop(10 * time.Second)
	rec, err := a.Programs.StartDryRun(ctx, code, version, day, lang)
	if err != nil {
		return rec, err
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return rec, ctx.Err()
		case <-tick.C:
		}
		r, err := a.Jobs.RunOfJob(ctx, rec.JobID)
		if err != nil {
			return rec, err
		}
		progress(r.Done, r.Total)
		switch r.State {
		case jobs.Done:
			rec, err = a.Programs.DryRunByID(ctx, code, rec.ID)
			if err == nil && rec.Result == nil {
				err = fmt.Errorf("dry run %d: %s", rec.ID, rec.Error)
			}
			return rec, err
		case jobs.Failed, jobs.Cancelled, jobs.Retrying:
			return rec, fmt.Errorf("dry run %s: %s", r.State, r.Reason)
		}
	}
}

func printDryRun(out io.Writer, run programs.DryRun) {
	fmt.Fprintf(out, "dry run on %s over %v cases (counts below %d show as \"< %d\"; samples carry a pseudonym for this run only)\n", run.Day, run.Cases, programs.K, programs.K)
	fmt.Fprintf(out, "  %-16s %10s %20s %8s\n", "rule", "eligible", "monthly cost, AZN", "failed")
	tallies := []programs.Tally{run.Draft}
	if run.Current != nil {
		tallies = append(tallies, *run.Current)
	}
	for _, t := range tallies {
		monthly := t.Monthly.String()
		if t.MonthlyWithheld {
			monthly = "withheld"
		}
		fmt.Fprintf(out, "  %-16s %10v %20s %8v\n", t.Rule, t.Eligible, monthly, t.Failed)
	}
	if run.Current != nil {
		fmt.Fprintf(out, "%v of %v cases change outcome or amount\n", run.Changed, run.Cases)
	}
	for _, s := range run.Samples {
		before := ""
		if run.Current != nil {
			before = s.Current + " → "
		}
		fmt.Fprintf(out, "  %s  %s%s: %s\n", s.Case, before, s.Draft, s.Explanation)
	}
}
