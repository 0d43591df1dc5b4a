// Package identityjob registers identity's background work with the platform's jobs: the
// sweep of expired sessions and of idle staff accounts. Each runs once across all nodes.
package identityjob

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

// SweepSessions deletes expired web sessions.
type SweepSessions struct{}

// Kind names the job in River and in the run record.
func (SweepSessions) Kind() string { return "identity.sweep_sessions" }

// DisableIdle disables staff accounts idle for identity.DefaultIdleDays.
type DisableIdle struct{}

// Kind names the job in River and in the run record.
func (DisableIdle) Kind() string { return "identity.disable_idle" }

// Register adds the workers and schedules them: sessions every ten minutes, idle accounts at
// start and every hour (the intervals the tickers they replace had).
func Register(j *jobs.Jobs, svc *identity.Service, deleteExpired func() error, log *slog.Logger) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[SweepSessions]) error {
		return deleteExpired()
	}), jobs.Kind{Quiet: true, Title: "job.identity.sweep_sessions"})
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[DisableIdle]) error {
		n, err := svc.DisableIdle(ctx, identity.DefaultIdleDays)
		if err == nil && n > 0 {
			log.Info("idle staff accounts disabled", "count", n)
		}
		return err
	}), jobs.Kind{Quiet: true, Title: "job.identity.disable_idle"})
	j.Every(10*time.Minute, false, func() river.JobArgs { return SweepSessions{} })
	j.Every(time.Hour, true, func() river.JobArgs { return DisableIdle{} })
}
