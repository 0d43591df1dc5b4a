package programsjob

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/programs"
)

// DryRun runs a recorded dry run of a rule version, acting for the analyst who started it.
// Its result stays in the dry run's own record (programs.DryRunRecord); the run record shows
// its progress beside every other job.
type DryRun struct {
	ID int64  `json:"id"` // the dry run's record
	As string `json:"as"` // the analyst's login
}

// Kind names the job in River and in the run record.
func (DryRun) Kind() string { return "programs.dry_run" }

// ActAs puts the principal of a member of staff in ctx.
type ActAs func(ctx context.Context, login string) (context.Context, error)

// RegisterDryRuns adds the dry run's worker and makes svc start dry runs as jobs, each
// enqueued in the transaction that records it. A dry run is not retried: a second attempt
// would evaluate the same rule on the same registry again, and a run whose node died reads as
// interrupted, with a way to run it again.
func RegisterDryRuns(j *jobs.Jobs, svc *programs.Service, actAs ActAs) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[DryRun]) error {
		ctx, err := actAs(ctx, job.Args.As)
		if err != nil {
			return river.JobCancel(err)
		}
		return svc.RunDryRun(ctx, job.Args.ID, func(done, total int64) { jobs.Progress(ctx, done, total) })
	}), jobs.Kind{Title: "job.programs.dry_run"})
	svc.EnqueueDryRun = func(ctx context.Context, tx *sql.Tx, rec programs.DryRunRecord) (int64, error) {
		run, err := j.InsertTx(ctx, tx, DryRun{ID: rec.ID, As: rec.StartedBy}, jobs.What{
			Summary: fmt.Sprintf("%s v%d %s", rec.Program, rec.Version, rec.Day), Attempts: 1})
		return run.JobID, err
	}
}
