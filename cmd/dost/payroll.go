package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/progress"
)

const payrollUsage = `Usage: dost payroll COMMAND [flags]

Commands:
  prepare   --period YYYY-MM [--program CODE] --as LOGIN   build the cycle(s) for a month
  approve   --cycle ID --as LOGIN                          release a prepared cycle (not by its preparer)
  export    --cycle ID [--format pain.001.001.09|pain.001.001.03] --out DIR --as LOGIN
  reconcile --file STATEMENT.xml [--sig FILE] [--keys DIR] --as LOGIN
  show      --cycle ID --as LOGIN                          counts and totals by line status

--as names the finance officer the command acts for; it is recorded in the audit log.`

func runPayroll(ctx context.Context, args []string, out io.Writer) error {
	return subcommand(ctx, "payroll", payrollUsage, map[string]commandFunc{
		"prepare": payrollPrepare, "approve": payrollApprove, "export": payrollExport,
		"reconcile": payrollReconcile, "show": payrollShow,
	}, args, out)
}

func payrollPrepare(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("payroll prepare", "Prepare the payment cycle of a month for one programme or all monthly and one-off programmes.", out)
	dbURL, as := dbFlag(fs), fs.String("as", "", "finance officer's login")
	period := fs.String("period", "", "month, YYYY-MM")
	program := fs.String("program", "", "programme code; all when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	month, err := clock.ParseMonth(*period)
	if err != nil {
		return err
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.PaymentManage)
	if err != nil {
		return err
	}
	defer a.Close()
	progs, err := a.Programs.Programs(ctx)
	if err != nil {
		return err
	}
	for _, p := range progs {
		if *program != "" && p.Code != *program {
			continue
		}
		if *program == "" && errors.Is(a.Payments.Allowed(ctx, p.ID), fail.ErrForbidden) {
			continue // every programme means every programme of the officer's institutions
		}
		bar := progress.New(os.Stderr, "prepare "+p.Code)
		c, err := prepareInForeground(ctx, a, p.ID, p.Code, month, func(done, total int64) { bar.Set(int(done), int(total)) })
		if err != nil {
			return fmt.Errorf("%s: %w", p.Code, err)
		}
		bar.Done()
		if err := printCycle(ctx, a, c, out); err != nil {
			return err
		}
	}
	return nil
}

// prepareInForeground runs the same preparation job a page starts, on this command's private
// queue, and follows its run record until it ends. A preparation a kill cut short resumes.
func prepareInForeground(ctx context.Context, a *app.App, programID int64, program string, month clock.Month, progress func(done, total int64)) (payments.Cycle, error) {
	if err := a.Jobs.Start(ctx); err != nil {
		return payments.Cycle{}, err
	}
	defer a.Jobs.Stop(10 * time.Second)
	c, run, err := a.Payroll.Start(ctx, programID, program, month, true, 1)
	if err != nil {
		return c, err
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return c, ctx.Err()
		case <-tick.C:
		}
		r, err := a.Jobs.Run(ctx, run.ID)
		if err != nil {
			return c, err
		}
		progress(r.Done, r.Total)
		switch r.State {
		case jobs.Done:
			return a.Payments.Cycle(ctx, c.ID)
		case jobs.Failed, jobs.Cancelled, jobs.Retrying:
			return c, fmt.Errorf("preparation %s: %s", r.State, r.Reason)
		}
	}
}

func printCycle(ctx context.Context, a *app.App, c payments.Cycle, out io.Writer) error {
	t, err := a.Payments.Totals(ctx, c.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "cycle %d  %s %s  %s (prepared by %s", c.ID, c.Program, c.Period, c.Status, c.PreparedBy)
	if c.ApprovedBy != "" {
		fmt.Fprintf(out, ", approved by %s", c.ApprovedBy)
	}
	fmt.Fprintln(out, ")")
	var statuses []string
	for st := range t {
		statuses = append(statuses, st)
	}
	sort.Strings(statuses)
	for _, st := range statuses {
		fmt.Fprintf(out, "  %-10s %9d lines %16s AZN\n", st, t[st].Lines, t[st].Net)
	}
	return nil
}

func cycleFlags(name, summary string, out io.Writer) (fsParse func([]string) error, dbURL, as *string, cycle *int64) {
	fs := flags(name, summary, out)
	dbURL, as = dbFlag(fs), fs.String("as", "", "finance officer's login")
	cycle = fs.Int64("cycle", 0, "cycle id (printed by prepare)")
	return fs.Parse, dbURL, as, cycle
}

func payrollApprove(ctx context.Context, args []string, out io.Writer) error {
	parse, dbURL, as, cycle := cycleFlags("payroll approve", "Approve a prepared cycle. The approver must not be the preparer, and gives their own password (DOST_PASSWORD or standard input): the second pair of eyes must be present.", out)
	if err := parse(args); err != nil {
		return err
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.PaymentManage)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := present(ctx, a, *as); err != nil {
		return err
	}
	c, err := a.Payments.Approve(ctx, *cycle)
	if err != nil {
		return err
	}
	return printCycle(ctx, a, c, out)
}

func payrollExport(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("payroll export", "Write one ISO 20022 payment file per paying bank of an approved cycle.", out)
	dbURL, as := dbFlag(fs), fs.String("as", "", "finance officer's login")
	cycle := fs.Int64("cycle", 0, "cycle id")
	format := fs.String("format", payments.Pain00109, "pain.001.001.09 or pain.001.001.03")
	dir := fs.String("out", "", "directory for the files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.PaymentManage)
	if err != nil {
		return err
	}
	defer a.Close()
	files, err := a.Payments.Export(ctx, *cycle, *format, *dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(out, "%s  %d payments  %s AZN  sha256 %s\n", f.Path, f.Lines, f.Total, f.SHA256)
	}
	return nil
}

func payrollReconcile(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("payroll reconcile", "Apply a bank's camt.053 statement or camt.054 notification. Anything that does not match refuses the whole file.", out)
	dbURL, as := dbFlag(fs), fs.String("as", "", "finance officer's login")
	file := fs.String("file", "", "statement XML")
	sig := fs.String("sig", "", "detached ed25519 signature (base64); default FILE.sig when --keys is set")
	keysDir := fs.String("keys", env("DOST_BANK_KEYS", ""), "directory of banks' *.pub keys (base64 ed25519); signatures are required when set (env DOST_BANK_KEYS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	keys, err := loadKeys(*keysDir)
	if err != nil {
		return err
	}
	var signature []byte
	if len(keys) > 0 {
		if *sig == "" {
			*sig = *file + ".sig"
		}
		signature, _ = os.ReadFile(*sig)
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.PaymentManage)
	if err != nil {
		return err
	}
	defer a.Close()
	st, results, err := a.Payments.Reconcile(ctx, data, signature, keys)
	if err != nil {
		return fmt.Errorf("statement refused, nothing applied: %w", err)
	}
	paid := 0
	for _, r := range results {
		if r.Status == payments.LinePaid {
			paid++
		}
	}
	fmt.Fprintf(out, "statement %s (%s): %d paid, %d returned\n", st.MsgID, st.Format, paid, len(results)-paid)
	return nil
}

// payrollShow acts for a finance officer (--as) like the other payroll commands: a cycle is
// shown only within the officer's institution.
func payrollShow(ctx context.Context, args []string, out io.Writer) error {
	parse, dbURL, as, cycle := cycleFlags("payroll show", "Show a cycle's counts and totals by line status.", out)
	if err := parse(args); err != nil {
		return err
	}
	ctx, a, err := actAs(ctx, *dbURL, *as, authz.PaymentManage)
	if err != nil {
		return err
	}
	defer a.Close()
	c, err := a.Payments.Cycle(ctx, *cycle)
	if err != nil {
		return err
	}
	return printCycle(ctx, a, c, out)
}
