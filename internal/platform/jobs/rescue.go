package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// rescueArgs is the periodic job that runs Rescue.
type rescueArgs struct{}

func (rescueArgs) Kind() string { return "jobs.rescue" }

// rescueEvery is how often the leader looks for jobs whose node died: half of RescueAfter,
// between a second and River's own rescuer's 30 seconds, so a dead node's job runs again
// within 1.5 × RescueAfter.
func rescueEvery(after time.Duration) time.Duration {
	return min(max(after/2, time.Second), 30*time.Second)
}

// Rescue moves the jobs that have been running without a sign of life (River's attempted_at,
// which Progress moves forward) for longer than RescueAfter back to be retried — by any node —
// or gives them up when no attempt is left. It runs as a periodic job on the leader.
//
// River's own rescuer does this, but it leaves alone every job of a client whose JobTimeout is
// -1 (no timeout: it cannot tell how long such a job may run). dost needs no timeout — a
// payroll of ten million lines runs as long as it needs while it reports progress — so it
// rescues by River's own queries, with RescueAfter as the only horizon. Found by
// TestSeveralNodes: a preparation whose node was killed stayed "running" for ever.
func (j *Jobs) Rescue(ctx context.Context) (int, error) {
	driver, err := j.driver()
	if err != nil {
		return 0, err
	}
	exec := driver.GetExecutor()
	horizon := time.Now().Add(-j.opts.RescueAfter)
	stuck, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: 1000, StuckHorizon: horizon})
	if err != nil || len(stuck) == 0 {
		return 0, err
	}
	now := time.Now().UTC()
	p := &riverdriver.JobRescueManyParams{StuckHorizon: horizon}
	for _, job := range stuck {
		e, err := json.Marshal(rivertype.AttemptError{At: now, Attempt: max(job.Attempt, 0),
			Error: fmt.Sprintf("its node gave no sign of life for %s (it stopped or was cut off)", j.opts.RescueAfter)})
		if err != nil {
			return 0, err
		}
		var meta struct {
			CancelAttemptedAt time.Time `json:"cancel_attempted_at"`
		}
		json.Unmarshal(job.Metadata, &meta)
		state, finalized, at := rivertype.JobStateRetryable, (*time.Time)(nil), now
		switch {
		case !meta.CancelAttemptedAt.IsZero():
			state, finalized, at = rivertype.JobStateCancelled, &now, job.ScheduledAt
		case job.Attempt >= job.MaxAttempts:
			state, finalized, at = rivertype.JobStateDiscarded, &now, job.ScheduledAt
		}
		p.ID, p.Error = append(p.ID, job.ID), append(p.Error, e)
		p.State, p.FinalizedAt, p.ScheduledAt = append(p.State, string(state)), append(p.FinalizedAt, finalized), append(p.ScheduledAt, at)
	}
	if _, err := exec.JobRescueMany(ctx, p); err != nil {
		return 0, fmt.Errorf("rescue jobs: %w", err)
	}
	j.opts.Log.Info("jobs rescued from a node that stopped", "jobs", len(p.ID))
	return len(p.ID), nil
}
