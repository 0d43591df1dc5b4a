package importer

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/platform/jobs"
)

// Job works one import, acting for the officer who uploaded it.
type Job struct {
	ID int64  `json:"id"` // the import
	As string `json:"as"` // the officer's login
}

// Kind names the job in River and in the run record.
func (Job) Kind() string { return "importer.run" }

// ActAs puts the principal of a member of staff in ctx.
type ActAs func(ctx context.Context, login string) (context.Context, error)

// RegisterJobs adds the import's worker and makes every upload start its job in the
// transaction that keeps the file. A retried attempt starts the file over, which storing
// idempotently makes safe.
func (s *Service) RegisterJobs(j *jobs.Jobs, actAs ActAs) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[Job]) error {
		ctx, err := actAs(ctx, job.Args.As)
		if err != nil {
			return river.JobCancel(err)
		}
		return s.Run(ctx, job.Args.ID, func(done, total int64) { jobs.Progress(ctx, done, total) })
	}), jobs.Kind{Title: "job.importer.run"})
	s.Enqueue = func(ctx context.Context, tx *sql.Tx, imp Import) (int64, error) {
		run, err := j.InsertTx(ctx, tx, Job{ID: imp.ID, As: imp.StartedBy}, jobs.What{
			Summary: fmt.Sprintf("%s #%d", imp.Kind, imp.ID), Attempts: 3})
		return run.JobID, err
	}
}
