// Package paymentsjob runs payroll preparation as a job: the cycle is created at once, in the
// same transaction as the job that prepares it, and the preparation runs on whichever node
// takes the job — resumed from its last batch if a node dies (River's rescuer) or someone
// retries it. The page and the command follow it through the run record.
package paymentsjob

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/programs"
)

// Prepare prepares one cycle, acting for the member of staff who started it.
type Prepare struct {
	CycleID   int64  `json:"cycle_id"`
	ProgramID int64  `json:"program_id"`
	Program   string `json:"program"`
	Period    string `json:"period"`
	As        string `json:"as"` // the preparer's login: the audit log records them, and their scope applies
}

// Kind names the job in River and in the run record.
func (Prepare) Kind() string { return "payments.prepare" }

// ActAs puts the principal of a member of staff in ctx.
type ActAs func(ctx context.Context, login string) (context.Context, error)

// Payroll starts preparations and finds their runs.
type Payroll struct {
	jobs *jobs.Jobs
	svc  *payments.Service
}

// Register adds the preparation's worker. Retrying or cancelling a preparation needs the
// payment permission in the programme's institution.
func Register(j *jobs.Jobs, svc *payments.Service, progs *programs.Service, actAs ActAs) *Payroll {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[Prepare]) error {
		a := job.Args
		ctx, err := actAs(ctx, a.As)
		if err != nil {
			return river.JobCancel(err) // the preparer is gone: no attempt would do better
		}
		period, err := clock.ParseMonth(a.Period)
		if err != nil {
			return river.JobCancel(err)
		}
		c, err := svc.Cycle(ctx, a.CycleID)
		if err != nil {
			return err
		}
		if c.Status != payments.Preparing {
			return nil // an earlier attempt finished it before its node died
		}
		_, err = svc.Prepare(ctx, a.ProgramID, a.Program, period, func(done, total int64) { jobs.Progress(ctx, done, total) })
		return err
	}), jobs.Kind{Guard: func(ctx context.Context, r jobs.Run) error { return svc.Allowed(ctx, r.Scope) },
		Title: "job.payments.prepare", Args: titleArgs(progs)})
	return &Payroll{jobs: j, svc: svc}
}

// Start creates the cycle of a programme for a period at once and enqueues its preparation
// in the same transaction. For a cycle a preparation cut short left (still preparing), it
// returns the live run that prepares it, if any, or enqueues a new one, which resumes it.
// own makes it always enqueue a new job (a command works only its own job, on its queue);
// attempts limits the job's attempts (0: River's default).
func (p *Payroll) Start(ctx context.Context, programID int64, program string, period clock.Month, own bool, attempts int) (payments.Cycle, jobs.Run, error) {
	var run jobs.Run
	what := func(c payments.Cycle) (Prepare, jobs.What) {
		return Prepare{CycleID: c.ID, ProgramID: programID, Program: program, Period: period.String(), As: c.PreparedBy},
			jobs.What{Summary: summary(program, period), Scope: programID, Attempts: attempts}
	}
	c, resumed, err := p.svc.Begin(ctx, programID, program, period, func(tx *sql.Tx, c payments.Cycle) (err error) {
		args, w := what(c)
		run, err = p.jobs.InsertTx(ctx, tx, args, w)
		return err
	})
	if err != nil || !resumed {
		return c, run, err
	}
	if r, err := p.Run(ctx, c); err == nil && !own && p.alive(r) {
		return c, r, nil
	} else if err != nil && !errors.Is(err, jobs.ErrNoRun) {
		return c, run, err
	}
	args, w := what(c)
	args.As = authzLogin(ctx, c)
	run, err = p.jobs.Insert(ctx, args, w)
	return c, run, err
}

// alive reports whether a run still runs or waits to: not over, and heard from lately.
func (p *Payroll) alive(r jobs.Run) bool {
	last := r.Heartbeat
	if last.IsZero() {
		last = r.Created
	}
	return !r.Over() && time.Since(last) < p.jobs.RescueAfter()
}

// Run returns the newest run of a cycle's preparation.
func (p *Payroll) Run(ctx context.Context, c payments.Cycle) (jobs.Run, error) {
	return p.jobs.LatestRun(ctx, Prepare{}.Kind(), summary(c.Program, c.Period))
}

// Cancel stops a cycle's preparation that is still queued or running (a mistaken one, say):
// the run record's guard asks for the payment permission in the programme's institution.
func (p *Payroll) Cancel(ctx context.Context, c payments.Cycle) (jobs.Run, error) {
	r, err := p.Run(ctx, c)
	if err != nil {
		return r, err
	}
	return p.jobs.Cancel(ctx, r.ID)
}

// summary names a preparation in the run record: a programme and a month, no one's data.
func summary(program string, period clock.Month) string { return program + " " + period.String() }

// authzLogin is who resumes a cycle: the caller.
func authzLogin(ctx context.Context, c payments.Cycle) string {
	if p := authz.From(ctx); p != nil {
		return p.Login
	}
	return c.PreparedBy
}

// titleArgs reads a preparation's summary ("TSSA 2026-11", summary) as the programme's name
// and the month in the reader's language, for the jobs page; a summary it cannot read stays
// as it is.
func titleArgs(progs *programs.Service) func(ctx context.Context, r jobs.Run) map[string]any {
	return func(ctx context.Context, r jobs.Run) map[string]any {
		lang := i18n.Lang(ctx)
		code, month, _ := strings.Cut(r.Summary, " ")
		args := map[string]any{"Program": code, "Period": month}
		if p, err := progs.Program(ctx, code); err == nil {
			args["Program"] = p.Name.In(lang)
		}
		if m, err := clock.ParseMonth(month); err == nil {
			args["Period"] = m.In(lang)
		}
		return args
	}
}
