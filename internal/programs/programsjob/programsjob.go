// Package programsjob registers the programmes' background work with the platform's jobs:
// the entitlements' life-events sweep, once across all nodes.
package programsjob

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/programs"
)

// LifeEvents runs the entitlements' daily sweep: deaths suspend from the next month, ended
// awards terminate. It is idempotent.
type LifeEvents struct{}

// Kind names the job in River and in the run record.
func (LifeEvents) Kind() string { return "programs.life_events" }

// Register adds the worker and schedules it at start and every six hours.
func Register(j *jobs.Jobs, svc *programs.Service, clk clock.Clock, log *slog.Logger) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[LifeEvents]) error {
		suspended, ended, err := svc.ApplyLifeEvents(ctx, clock.Today(clk))
		if err == nil && suspended+ended > 0 {
			log.Info("life events", "suspended", suspended, "ended", ended)
		}
		return err
	}), jobs.Kind{Title: "job.programs.life_events"})
	j.Every(6*time.Hour, true, func() river.JobArgs { return LifeEvents{} })
}
