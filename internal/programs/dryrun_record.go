package programs

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// DryRunRecord is a dry run kept on record: which version of which programme's rule was tried
// on which day and by whom, and its result once it is done. How far a run has gone and whether
// it is alive come from the general run record of its job (job_runs), as for every job.
type DryRunRecord struct {
	ID          int64
	ProgramID   int64
	Program     string
	Version     int
	Day         clock.Date
	Lang        string // of the sample explanations
	StartedBy   string
	StartedAt   time.Time
	Status      string
	Error       string
	Result      *DryRun
	JobID       int64     // River's job that runs it; 0 for a run made in this process
	RunState    string    // of the job's run record (jobs.Queued, …); empty without a job
	Heartbeat   time.Time // the job's last sign of life
	Done, Total int64     // household ids covered, of all, from the job's run record
	Interrupted bool      // running, but its job is over or silent: the node running it was stopped
	err         error     // why a run this process made failed, for its caller
}

// Dry run statuses.
const (
	DryRunRunning = "running"
	DryRunDone    = "done"
	DryRunFailed  = "failed"
)

// silentFor is how long a running job may go without a sign of life (jobs.Progress writes
// one every second) before its dry run reads as interrupted, ahead of River's rescuer.
const silentFor = 30 * time.Second

// interrupted tells, from the job's run record, whether a run stopped without finishing: its
// job ended (failed, cancelled, or given up after its node died) while the dry run has no
// outcome, or it is running but silent. The heartbeat is the job node's wall clock.
func (s *Service) interrupted(r DryRunRecord) DryRunRecord {
	over := r.RunState == "done" || r.RunState == "failed" || r.RunState == "cancelled"
	silent := r.RunState == "running" && !r.Heartbeat.IsZero() && time.Since(r.Heartbeat) > silentFor
	r.Interrupted = r.Status == DryRunRunning && r.JobID != 0 && (over || silent)
	return r
}

// Percent is how far through the registry the run is.
func (r DryRunRecord) Percent() int64 {
	if r.Status == DryRunDone {
		return 100
	}
	return 100 * r.Done / max(r.Total, 1)
}

// StartDryRun records a dry run of a rule version and enqueues its job in the same
// transaction, acting for the caller; the job's run record follows its progress and the dry
// run's record keeps its result, so any node can show it and it stays on record once the
// version is activated. What needs no run — an unknown programme or version, a rule that does
// not compile — fails at once.
func (s *Service) StartDryRun(ctx context.Context, code string, version int, day clock.Date, lang string) (DryRunRecord, error) {
	rec, err := s.createDryRun(ctx, code, version, day, lang, s.EnqueueDryRun)
	if err != nil || s.EnqueueDryRun != nil {
		return rec, err
	}
	go s.runRecorded(authz.With(context.WithoutCancel(ctx), authz.From(ctx)), rec, nil)
	return rec, nil
}

// RunDryRun runs a dry run StartDryRun recorded, acting for the caller (the job acts for the
// person who started it); progress, if set, hears how far it has gone. A run already over is
// left as it is.
func (s *Service) RunDryRun(ctx context.Context, id int64, progress func(done, total int64)) error {
	rec, err := s.store.DryRun(ctx, id)
	if err != nil || rec.Status != DryRunRunning {
		return err
	}
	if rec = s.runRecorded(ctx, rec, progress); rec.Status == DryRunFailed {
		return rec.err
	}
	return nil
}

// RecordedDryRun is a dry run for callers that wait in this process (the synchronous API):
// the run is on record all the same. progress, if set, hears how far it has gone.
func (s *Service) RecordedDryRun(ctx context.Context, code string, version int, day clock.Date, lang string, progress func(done, total int64)) (DryRunRecord, error) {
	rec, err := s.createDryRun(ctx, code, version, day, lang, nil)
	if err != nil {
		return rec, err
	}
	rec = s.runRecorded(ctx, rec, progress)
	if rec.Status == DryRunFailed {
		return rec, rec.err
	}
	return rec.forAnalyst(), nil
}

func (s *Service) createDryRun(ctx context.Context, code string, version int, day clock.Date, lang string,
	enqueue func(ctx context.Context, tx *sql.Tx, rec DryRunRecord) (int64, error)) (DryRunRecord, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return DryRunRecord{}, err
	}
	if _, err := s.compiled(ctx, code, version); err != nil {
		return DryRunRecord{}, err
	}
	rec := DryRunRecord{ProgramID: p.ID, Program: code, Version: version, Day: day, Lang: lang,
		StartedBy: authz.Actor(ctx), StartedAt: s.clock.Now(), Status: DryRunRunning}
	var then func(tx *sql.Tx, r DryRunRecord) (int64, error)
	if enqueue != nil {
		then = func(tx *sql.Tx, r DryRunRecord) (int64, error) { return enqueue(ctx, tx, r) }
	}
	err = s.store.CreateDryRun(ctx, &rec, then)
	return rec, err
}

// runRecorded runs a recorded dry run and writes its outcome. Its progress goes to progress
// (the job's run record, for a job). A write that fails leaves the record running; its job's
// end then shows it as interrupted.
func (s *Service) runRecorded(ctx context.Context, rec DryRunRecord, progress func(done, total int64)) DryRunRecord {
	var mu sync.Mutex
	run, err := s.DryRunRule(ctx, rec.Program, rec.Version, rec.Day, rec.Lang, func(done, total int64) {
		if progress != nil {
			mu.Lock()
			defer mu.Unlock()
			progress(done, total)
		}
	})
	rec.Status = DryRunDone
	if err != nil {
		rec.Status, rec.Error, rec.err = DryRunFailed, err.Error(), err
	} else {
		rec.Result = &run
	}
	s.store.FinishDryRun(context.WithoutCancel(ctx), rec)
	return rec
}

// DryRunByID loads a recorded dry run of a programme.
func (s *Service) DryRunByID(ctx context.Context, code string, id int64) (DryRunRecord, error) {
	rec, err := s.store.DryRun(ctx, id)
	if err == nil && rec.Program != code {
		err = fmt.Errorf("dry run %d of %s: %w", id, code, fail.ErrNotFound)
	}
	return s.interrupted(rec).forAnalyst(), err
}

// DryRuns lists a programme's latest recorded dry runs, newest first.
func (s *Service) DryRuns(ctx context.Context, code string) ([]DryRunRecord, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	recs, err := s.store.DryRuns(ctx, p.ID, 20)
	for i := range recs {
		recs[i] = s.interrupted(recs[i]).forAnalyst()
	}
	return recs, err
}
