// Package servicedeskjob registers the single window's background work with the platform's
// jobs: escalating applications past their deadline, once across all nodes.
package servicedeskjob

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Escalate marks applications past their deadline so that they top the supervisors' lists.
// It is idempotent.
type Escalate struct{}

// Kind names the job in River and in the run record.
func (Escalate) Kind() string { return "servicedesk.escalate" }

// Register adds the worker and schedules it at start and every quarter of an hour.
func Register(j *jobs.Jobs, svc *servicedesk.Service, log *slog.Logger) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[Escalate]) error {
		n, err := svc.Escalate(ctx)
		if err == nil && n > 0 {
			log.Info("escalated applications", "count", n)
		}
		return err
	}), jobs.Kind{Quiet: true, Title: "job.servicedesk.escalate"})
	j.Every(15*time.Minute, true, func() river.JobArgs { return Escalate{} })
}
