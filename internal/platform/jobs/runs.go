package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// The states of a run.
const (
	Queued    = "queued"
	Running   = "running"
	Retrying  = "retrying" // an attempt failed; River tries again later
	Done      = "done"
	Failed    = "failed" // every attempt failed
	Cancelled = "cancelled"
)

// Run is one row of the run record.
type Run struct {
	ID        int64
	JobID     int64 // River's job
	Kind      string
	Summary   string // what, without personal data: "SP-01 2026-05"
	Scope     int64  // the institution or programme a Guard checks; 0 for none
	StartedBy string // a login, or "system" for periodic work
	Node      string // the host that ran the last attempt
	State     string
	Reason    string // why the last attempt failed
	Attempt   int
	Done      int64
	Total     int64
	CancelBy  string // who asked to cancel it
	Created   time.Time
	Started   time.Time // zero until an attempt starts
	Heartbeat time.Time
	Finished  time.Time
}

// Over reports whether the run has ended, one way or another.
func (r Run) Over() bool { return r.State == Done || r.State == Failed || r.State == Cancelled }

// What describes a job for its run record.
type What struct {
	Summary  string // no personal data
	Scope    int64
	Attempts int // at most; River's default (5) when zero
}

// Insert enqueues a job in a transaction of its own, with its run record.
func (j *Jobs) Insert(ctx context.Context, args river.JobArgs, what What) (Run, error) {
	var r Run
	err := j.DB.InTx(ctx, func(tx *sql.Tx) (err error) {
		r, err = j.InsertTx(ctx, tx, args, what)
		return err
	})
	return r, err
}

// InsertTx enqueues a job on this process's queue in tx — the transaction of the domain write
// that needs it, so that both happen or neither — with its run record, started by the caller.
func (j *Jobs) InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, what What) (Run, error) {
	res, err := j.Client.InsertTx(ctx, tx, args, &river.InsertOpts{Queue: j.opts.Queue, MaxAttempts: what.Attempts})
	if err != nil {
		return Run{}, fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	r := Run{JobID: res.Job.ID, Kind: args.Kind(), Summary: what.Summary, Scope: what.Scope,
		StartedBy: authz.Actor(ctx), State: Queued, Created: time.Now().UTC()}
	err = tx.QueryRowContext(ctx, `INSERT INTO job_runs (job_id, kind, summary, scope, started_by, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		r.JobID, r.Kind, r.Summary, nullScope(r.Scope), r.StartedBy, r.State, r.Created).Scan(&r.ID)
	return r, err
}

func nullScope(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const runColumns = `id, job_id, kind, summary, COALESCE(scope, 0), started_by, node, state, reason, attempt,
	done, total, cancel_by, created_at, started_at, heartbeat_at, finished_at`

func scanRun(row interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var started, beat, finished sql.NullTime
	err := row.Scan(&r.ID, &r.JobID, &r.Kind, &r.Summary, &r.Scope, &r.StartedBy, &r.Node, &r.State, &r.Reason,
		&r.Attempt, &r.Done, &r.Total, &r.CancelBy, &r.Created, &started, &beat, &finished)
	r.Started, r.Heartbeat, r.Finished = started.Time, beat.Time, finished.Time
	return r, err
}

// RunsBefore returns the runs with an id below before (all when 0), newest first, at most
// limit, of kind when kind is not empty: a keyset page of the jobs page.
func (j *Jobs) RunsBefore(ctx context.Context, kind string, before int64, limit int) ([]Run, error) {
	return db.Collect(ctx, j.DB, func(r db.Scanner) (Run, error) { return scanRun(r) }, `SELECT `+runColumns+` FROM job_runs
		WHERE ($1 = '' OR kind = $1) AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, kind, before, limit)
}

// CountRuns counts the runs of kind, or all when kind is empty.
func (j *Jobs) CountRuns(ctx context.Context, kind string) (int64, error) {
	var n int64
	err := j.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM job_runs WHERE ($1 = '' OR kind = $1)`, kind).Scan(&n)
	return n, err
}

// Runs returns the newest runs first, at most limit, of kind when kind is not empty.
func (j *Jobs) Runs(ctx context.Context, kind string, limit int) ([]Run, error) {
	return j.RunsBefore(ctx, kind, 0, limit)
}

// Run returns one run by its id.
func (j *Jobs) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(j.DB.QueryRowContext(ctx, `SELECT `+runColumns+` FROM job_runs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fail.ErrNotFound
	}
	return r, err
}

// RunOfJob returns the run of River's job id.
func (j *Jobs) RunOfJob(ctx context.Context, jobID int64) (Run, error) {
	r, err := scanRun(j.DB.QueryRowContext(ctx, `SELECT `+runColumns+` FROM job_runs WHERE job_id = $1`, jobID))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fail.ErrNotFound
	}
	return r, err
}

// ErrNoRun is returned by LatestRun when there is none.
var ErrNoRun = fmt.Errorf("no run: %w", fail.ErrNotFound)

// LatestRun returns the newest run of a kind with a summary.
func (j *Jobs) LatestRun(ctx context.Context, kind, summary string) (Run, error) {
	r, err := scanRun(j.DB.QueryRowContext(ctx, `SELECT `+runColumns+` FROM job_runs
		WHERE kind = $1 AND summary = $2 ORDER BY id DESC LIMIT 1`, kind, summary))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, ErrNoRun
	}
	return r, err
}

// guard applies the kind's own check, if any.
func (j *Jobs) guard(ctx context.Context, r Run) error {
	if g := j.kinds[r.Kind].Guard; g != nil {
		return g(ctx, r)
	}
	return nil
}

// ErrState is returned when a run cannot be retried or cancelled in the state it is in.
var ErrState = fmt.Errorf("%w: not in a state that allows it", fail.ErrConflict)

// Cancel asks a run to stop: a queued or retrying run is cancelled at once; a running one
// stops at its next progress report, on whichever node runs it.
func (j *Jobs) Cancel(ctx context.Context, id int64) (Run, error) {
	r, err := j.Run(ctx, id)
	if err != nil {
		return Run{}, err
	}
	if err := j.guard(ctx, r); err != nil {
		return Run{}, err
	}
	if r.Over() {
		return Run{}, ErrState
	}
	if _, err := j.DB.ExecContext(ctx, `UPDATE job_runs SET cancel_by = $1 WHERE id = $2`, authz.Actor(ctx), id); err != nil {
		return Run{}, err
	}
	job, err := j.Client.JobCancel(ctx, r.JobID)
	if err != nil {
		return Run{}, fmt.Errorf("cancel job %d: %w", r.JobID, err)
	}
	if job.State == rivertype.JobStateCancelled {
		if err := j.finish(ctx, r.JobID, Cancelled, "", job.Attempt); err != nil {
			return Run{}, err
		}
	}
	return j.Run(ctx, id)
}

// Retry runs a failed or cancelled run again, from where it stopped if its work resumes.
func (j *Jobs) Retry(ctx context.Context, id int64) (Run, error) {
	r, err := j.Run(ctx, id)
	if err != nil {
		return Run{}, err
	}
	if err := j.guard(ctx, r); err != nil {
		return Run{}, err
	}
	if r.State != Failed && r.State != Cancelled {
		return Run{}, ErrState
	}
	// River records an attempt's end a moment after the worker returns (its completer
	// batches); until then the job is still running and River would not retry it.
	if job, err := j.Client.JobGet(ctx, r.JobID); err != nil {
		return Run{}, fmt.Errorf("retry job %d: %w", r.JobID, err)
	} else if job.FinalizedAt == nil {
		return Run{}, ErrState
	}
	// The record first: the retried attempt may start and end before JobRetry returns.
	if _, err := j.DB.ExecContext(ctx, `UPDATE job_runs SET state = $1, cancel_by = '', finished_at = NULL WHERE id = $2`, Queued, id); err != nil {
		return Run{}, err
	}
	if _, err := j.Client.JobRetry(ctx, r.JobID); err != nil {
		return Run{}, fmt.Errorf("retry job %d: %w", r.JobID, err)
	}
	return j.Run(ctx, id)
}

// finish records how an attempt ended.
func (j *Jobs) finish(ctx context.Context, jobID int64, state, reason string, attempt int) error {
	var finished any
	if state != Retrying {
		finished = time.Now().UTC()
	}
	// an attempt that lost its job to a later one leaves that one's record alone
	_, err := j.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE job_runs SET state = $1, reason = $2, attempt = $3,
		finished_at = $4, heartbeat_at = $5 WHERE job_id = $6 AND attempt <= $3`, state, reason, attempt, finished, time.Now().UTC(), jobID)
	return err
}

// node names this process in the run record.
var node = func() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", h, os.Getpid())
}()

// record is the worker middleware that keeps the run record: it marks each attempt's start,
// gives the worker a context for Progress, and records the outcome.
type record struct {
	river.MiddlewareDefaults
	j *Jobs
}

func (m *record) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	j := m.j
	if !j.kinds[job.Kind].Quiet || job.Attempt > 1 {
		if err := j.begin(ctx, job); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p := &progress{j: j, jobID: job.ID, attempt: job.Attempt, cancel: cancel}
	stop := p.beat(ctx, j.opts.RescueAfter/3)
	err := doInner(context.WithValue(ctx, progressKey{}, p))
	stop()
	if p.cancelledBy != "" {
		j.finish(ctx, job.ID, Cancelled, "", job.Attempt)
		return river.JobCancel(fmt.Errorf("cancelled by %s", p.cancelledBy))
	}
	switch {
	case err == nil && j.kinds[job.Kind].Quiet && job.Attempt == 1:
	case err == nil:
		j.finish(ctx, job.ID, Done, "", job.Attempt)
	default:
		state := Retrying
		var cancelErr *river.JobCancelError
		if errors.As(err, &cancelErr) {
			state = Cancelled
		} else if job.Attempt >= job.MaxAttempts {
			state = Failed
		}
		if j.kinds[job.Kind].Quiet && job.Attempt == 1 {
			j.begin(ctx, job)
		}
		j.finish(ctx, job.ID, state, err.Error(), job.Attempt)
	}
	return err
}

// begin marks an attempt's start, creating the run record for work nobody enqueued by hand
// (periodic jobs).
func (j *Jobs) begin(ctx context.Context, job *rivertype.JobRow) error {
	now := time.Now().UTC()
	_, err := j.DB.ExecContext(ctx, `INSERT INTO job_runs (job_id, kind, started_by, state, attempt, node, created_at, started_at, heartbeat_at)
		VALUES ($1, $2, 'system', $3, $4, $5, $6, $6, $6)
		ON CONFLICT (job_id) DO UPDATE SET state = $3, attempt = $4, node = $5, started_at = COALESCE(job_runs.started_at, $6), heartbeat_at = $6`,
		job.ID, job.Kind, Running, job.Attempt, node, now)
	if err != nil {
		return fmt.Errorf("run record: %w", err)
	}
	return nil
}

type progressKey struct{}

// progress is a running attempt's link to its run record.
type progress struct {
	j           *Jobs
	jobID       int64
	attempt     int
	cancel      context.CancelCauseFunc
	mu          sync.Mutex
	last        time.Time
	cancelledBy string
}

// ErrCancelled is the cause of a worker's context when an operator cancelled its run.
var ErrCancelled = errors.New("cancelled by an operator")

// ErrLost is the cause of a worker's context when its job was given to another attempt: this
// node stalled for longer than RescueAfter (a pause, a cut network) and was taken for dead.
var ErrLost = errors.New("the job was rescued from this node and runs elsewhere")

// Every is how often Progress writes to the run record at most.
var Every = time.Second

// Progress records how far a worker has gone (done of total) and that it is alive, at most
// once a second (and always at the end). When someone has asked to cancel the run, it
// cancels ctx (cause ErrCancelled): a worker stops as it would on shutdown. Outside a job it
// does nothing.
func Progress(ctx context.Context, done, total int64) {
	p, _ := ctx.Value(progressKey{}).(*progress)
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < Every && done < total {
		return
	}
	p.last = now
	p.record(ctx, &[2]int64{done, total})
}

// beat tells the database, every interval while the worker runs, that this node still works
// the job, whether or not the worker reports Progress: a sweep that reports none and runs
// longer than RescueAfter is not taken for a dead node's job and run a second time beside
// itself. It also hears a cancel between a worker's Progress calls. stop ends it and waits.
func (p *progress) beat(ctx context.Context, interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(max(interval, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.mu.Lock()
				p.record(ctx, nil)
				p.mu.Unlock()
			}
		}
	}()
	return func() { cancel(); <-done }
}

// record writes that the job is alive — and how far it has gone, when counts are given — and
// cancels the worker when an operator has asked to. The caller holds p.mu.
func (p *progress) record(ctx context.Context, counts *[2]int64) {
	var by string
	var lost bool
	now := time.Now()
	ctx = context.WithoutCancel(ctx) // a cancelled worker still records how far it went
	err := p.j.DB.InTx(ctx, func(tx *sql.Tx) error {
		var done, total any // a beat without counts leaves them as they are
		if counts != nil {
			done, total = counts[0], counts[1]
		}
		if _, err := tx.ExecContext(ctx, `UPDATE job_runs SET heartbeat_at = $1, done = COALESCE($2, done), total = COALESCE($3, total)
			WHERE job_id = $4 AND attempt = $5`, now.UTC(), done, total, p.jobID, p.attempt); err != nil {
			return err
		}
		// The rescue takes a job running since before its horizon for one on a dead node;
		// moving attempted_at keeps a live long job its own — this attempt's only: when the
		// job has moved on to another attempt, this node lost it and stops.
		res, err := tx.ExecContext(ctx, `UPDATE river_job SET attempted_at = `+nowSQL(p.j.DB)+` WHERE id = $1 AND state = 'running' AND attempt = $2`, p.jobID, p.attempt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			lost = true
		}
		err = tx.QueryRowContext(ctx, `SELECT cancel_by FROM job_runs WHERE job_id = $1`, p.jobID).Scan(&by)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // a quiet periodic job has no run record
		}
		return err
	})
	if err != nil {
		p.j.opts.Log.Warn("job progress", "job", p.jobID, "error", err.Error())
		return
	}
	if lost {
		p.cancel(ErrLost)
		return
	}
	if by != "" && p.cancelledBy == "" {
		p.cancelledBy = by
		p.cancel(ErrCancelled)
	}
}

// nowSQL is the current time the way River writes it on each engine.
func nowSQL(d *db.DB) string {
	if d.Dialect == db.SQLite {
		return `datetime('now', 'subsec')`
	}
	return `now()`
}

// Reconcile brings the run record in line with River where an attempt's end never reached
// it: the process that ran it died (SIGKILL, power) and River's rescuer then gave the job up
// (discarded), or an operator cancelled it while it had no worker. It runs as a periodic job.
func (j *Jobs) Reconcile(ctx context.Context) (int64, error) {
	var n int64
	for _, fix := range []struct{ river, state, reason string }{
		{"discarded", Failed, "its node stopped while running it and no attempt is left"},
		{"cancelled", Cancelled, ""},
	} {
		res, err := j.DB.ExecContext(ctx, `UPDATE job_runs SET state = $1, reason = CASE WHEN reason = '' THEN $2 ELSE reason END, finished_at = $3
			WHERE state IN ('queued', 'running', 'retrying') AND job_id IN (SELECT id FROM river_job WHERE state = $4)`,
			fix.state, fix.reason, time.Now().UTC(), fix.river)
		if err != nil {
			return n, fmt.Errorf("reconcile runs: %w", err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// reconcileArgs is the periodic job that runs Reconcile.
type reconcileArgs struct{}

func (reconcileArgs) Kind() string { return "jobs.reconcile" }
