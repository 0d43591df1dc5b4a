package app

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/identity/identitydb"
	"github.com/dost-platform/dost/internal/identity/identityjob"
	"github.com/dost-platform/dost/internal/interop/interopjob"
	"github.com/dost-platform/dost/internal/payments/paymentsjob"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/programs/programsjob"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskjob"
)

// openJobs builds the River client after every domain has registered its work. A server
// works the default queue and schedules the periodic jobs when elected leader; a command
// (Config.JobsQueue set) works only its own private queue.
func (a *App) openJobs(ctx context.Context) error {
	a.Jobs = jobs.New(a.DB, jobs.Options{Queue: a.Config.JobsQueue, Periodic: a.Config.JobsQueue == "",
		RescueAfter: a.Config.JobRescueAfter, Log: a.Config.Log})
	identityjob.Register(a.Jobs, a.Identity, func() error {
		return a.Sessions.Store.(*identitydb.Sessions).DeleteExpired()
	}, a.Config.Log)
	programsjob.Register(a.Jobs, a.Programs, a.Config.Clock, a.Config.Log)
	programsjob.RegisterDryRuns(a.Jobs, a.Programs, a.actAs)
	servicedeskjob.Register(a.Jobs, a.ServiceDesk, a.Config.Log)
	a.Payroll = paymentsjob.Register(a.Jobs, a.Payments, a.Programs, a.actAs)
	a.Imports.RegisterJobs(a.Jobs, a.actAs)
	interopjob.Register(a.Jobs, a.Interop)
	a.platformJobs()
	return a.Jobs.Open()
}

// actAs puts a member of staff's principal in ctx, for a job that acts for the person who
// started it.
func (a *App) actAs(ctx context.Context, login string) (context.Context, error) {
	u, err := a.IdentityStore.UserByLogin(ctx, login)
	if err != nil {
		return ctx, fmt.Errorf("act as %s: %w", login, err)
	}
	p, err := a.Identity.Principal(ctx, u.ID)
	if err != nil {
		return ctx, fmt.Errorf("act as %s: %w", login, err)
	}
	return authz.With(ctx, p), nil
}

// DispatchOutbox sends the notifications that are due.
type DispatchOutbox struct{}

// Kind names the job in River and in the run record.
func (DispatchOutbox) Kind() string { return "notify.outbox" }

// CheckpointAudit signs the audit log's head.
type CheckpointAudit struct{}

// Kind names the job in River and in the run record.
func (CheckpointAudit) Kind() string { return "audit.checkpoint" }

// platformJobs schedules the platform's own periodic work: the outbox every five seconds and
// the audit checkpoint every Checkpoint.Every (five minutes by default), both at start too.
func (a *App) platformJobs() {
	jobs.Register(a.Jobs, river.WorkFunc(func(ctx context.Context, _ *river.Job[DispatchOutbox]) error {
		_, err := a.Outbox.DispatchDue(ctx)
		return err
	}), jobs.Kind{Quiet: true, Title: "job.notify.outbox"})
	every := a.Config.Checkpoint.Every
	if every <= 0 {
		every = 5 * time.Minute
	}
	jobs.Register(a.Jobs, river.WorkFunc(func(ctx context.Context, _ *river.Job[CheckpointAudit]) error {
		// nine tenths of the period: a run that comes a moment early still writes
		_, err := a.Audit.Checkpoint(ctx, every*9/10)
		return err
	}), jobs.Kind{Quiet: true, Title: "job.audit.checkpoint"})
	a.Jobs.Every(5*time.Second, true, func() river.JobArgs { return DispatchOutbox{} })
	a.Jobs.Every(every, true, func() river.JobArgs { return CheckpointAudit{} })
}
