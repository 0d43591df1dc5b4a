package programs

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// DryRunRecord is a dry run kept on record: which version of which programme's rule was tried
// on which day and by whom, how far the run has gone, and its result once it is done.
type DryRunRecord struct {
	ID          int64
	ProgramID   int64
	Program     string
	Version     int
	Day         clock.Date
	Lang        string // of the sample explanations
	StartedBy   string
	StartedAt   time.Time
	UpdatedAt   time.Time
	Done, Total int64 // household ids covered, of all
	Status      string
	Interrupted bool // running, but silent for long: the node running it was stopped
	Error       string
	Result      *DryRun
	err         error // why a run this process made failed, for its caller
}

// Dry run statuses.
const (
	DryRunRunning = "running"
	DryRunDone    = "done"
	DryRunFailed  = "failed"
)

// progressEvery is how often a running dry run writes its progress; a run silent for much
// longer has stopped with its node.
const progressEvery = time.Second

// interrupted tells, by the service's clock, whether a run stopped without finishing.
func (s *Service) interrupted(r DryRunRecord) DryRunRecord {
	r.Interrupted = r.Status == DryRunRunning && s.clock.Now().Sub(r.UpdatedAt) > 30*progressEvery
	return r
}

// Percent is how far through the registry the run is.
func (r DryRunRecord) Percent() int64 { return 100 * r.Done / max(r.Total, 1) }

// StartDryRun records a dry run of a rule version and runs it in the background, acting for
// the caller; the record follows the run's progress and keeps its result, so any node can show
// it and it stays on record once the version is activated. What needs no run — an unknown
// programme or version, a rule that does not compile — fails at once.
func (s *Service) StartDryRun(ctx context.Context, code string, version int, day clock.Date, lang string) (DryRunRecord, error) {
	rec, err := s.createDryRun(ctx, code, version, day, lang)
	if err != nil {
		return rec, err
	}
	if s.RunDryRunLater != nil {
		if err := s.RunDryRunLater(ctx, rec); err != nil {
			rec.UpdatedAt, rec.Status, rec.Error = s.clock.Now(), DryRunFailed, err.Error()
			s.store.FinishDryRun(context.WithoutCancel(ctx), rec)
			return rec, err
		}
		return rec, nil
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

// RecordedDryRun is StartDryRun for callers that wait (the API, the command line): the run
// is on record all the same. progress, if set, hears how far it has gone, one call at a time.
func (s *Service) RecordedDryRun(ctx context.Context, code string, version int, day clock.Date, lang string, progress func(done, total int64)) (DryRunRecord, error) {
	rec, err := s.createDryRun(ctx, code, version, day, lang)
	if err != nil {
		return rec, err
	}
	rec = s.runRecorded(ctx, rec, progress)
	if rec.Status == DryRunFailed {
		return rec, rec.err
	}
	return rec.forAnalyst(), nil
}

func (s *Service) createDryRun(ctx context.Context, code string, version int, day clock.Date, lang string) (DryRunRecord, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return DryRunRecord{}, err
	}
	if _, err := s.compiled(ctx, code, version); err != nil {
		return DryRunRecord{}, err
	}
	now := s.clock.Now()
	rec := DryRunRecord{ProgramID: p.ID, Program: code, Version: version, Day: day, Lang: lang,
		StartedBy: authz.Actor(ctx), StartedAt: now, UpdatedAt: now, Status: DryRunRunning}
	return rec, s.store.CreateDryRun(ctx, &rec)
}

// runRecorded runs a recorded dry run, writing its progress at most once every progressEvery,
// then its outcome. A write that fails leaves the record running, and it shows as
// interrupted.
func (s *Service) runRecorded(ctx context.Context, rec DryRunRecord, progress func(done, total int64)) DryRunRecord {
	var mu sync.Mutex
	var last time.Time
	run, err := s.DryRunRule(ctx, rec.Program, rec.Version, rec.Day, rec.Lang, func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if progress != nil {
			progress(done, total)
		}
		if now := s.clock.Now(); now.Sub(last) >= progressEvery {
			last = now
			s.store.DryRunProgress(ctx, rec.ID, done, total, now)
		}
	})
	rec.UpdatedAt, rec.Status = s.clock.Now(), DryRunDone
	if err != nil {
		rec.Status, rec.Error, rec.err = DryRunFailed, err.Error(), err
	} else {
		rec.Result, rec.Done, rec.Total = &run, int64(run.Cases), int64(run.Cases)
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
