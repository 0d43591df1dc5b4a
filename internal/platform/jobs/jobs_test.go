package jobs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

type countArgs struct{ N int64 }

func (countArgs) Kind() string { return "test_count" }

type failArgs struct{}

func (failArgs) Kind() string                 { return "test_fail" }
func (failArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type blockArgs struct{}

func (blockArgs) Kind() string { return "test_block" }

type tickArgs struct{}

func (tickArgs) Kind() string { return "test_tick" }

// start migrates River, registers the test workers and starts a client that works them.
func start(t *testing.T, d *db.DB, ticks chan<- struct{}) *jobs.Jobs {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	j := jobs.New(d, jobs.Options{Poll: 50 * time.Millisecond, Periodic: true})
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[countArgs]) error {
		for i := int64(1); i <= job.Args.N; i++ {
			jobs.Progress(ctx, i, job.Args.N)
		}
		return nil
	}), jobs.Kind{})
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[failArgs]) error {
		return errors.New("the bank is closed")
	}), jobs.Kind{})
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[blockArgs]) error {
		for i := int64(0); ctx.Err() == nil; i++ {
			jobs.Progress(ctx, i, 1<<40)
			time.Sleep(10 * time.Millisecond)
		}
		return context.Cause(ctx)
	}), jobs.Kind{})
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[tickArgs]) error {
		ticks <- struct{}{}
		return nil
	}), jobs.Kind{Quiet: true})
	j.Every(time.Hour, true, func() river.JobArgs { return tickArgs{} })
	if err := j.Open(); err != nil {
		t.Fatal(err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := j.Stop(10 * time.Second); err != nil {
			t.Error(err)
		}
		j.Close()
	})
	return j
}

// await polls the run record until the run is in state, for at most 20 seconds.
func await(t *testing.T, j *jobs.Jobs, id int64, state string) jobs.Run {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := j.Run(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if r.State == state && !r.Over() {
			return r
		}
		if r.State == state { // and River has recorded the end too
			if job, err := j.Client.JobGet(context.Background(), r.JobID); err == nil && job.FinalizedAt != nil {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %d: state %s (%s), want %s", id, r.State, r.Reason, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ticks := make(chan struct{}, 10)
		j := start(t, d, ticks)
		ctx := authz.With(context.Background(), &authz.Principal{Login: "ops1"})

		r, err := j.Insert(ctx, countArgs{N: 3}, jobs.What{Summary: "three"})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != jobs.Queued || r.StartedBy != "ops1" {
			t.Fatalf("enqueued: %+v", r)
		}
		got := await(t, j, r.ID, jobs.Done)
		if got.Done != 3 || got.Total != 3 || got.Summary != "three" || got.Node == "" || got.Finished.IsZero() || got.Attempt != 1 {
			t.Errorf("done: %+v", got)
		}

		bad, err := j.Insert(ctx, failArgs{}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		failed := await(t, j, bad.ID, jobs.Failed)
		if !strings.Contains(failed.Reason, "the bank is closed") {
			t.Errorf("failed run's reason: %q", failed.Reason)
		}
		if _, err := j.Cancel(ctx, bad.ID); !errors.Is(err, jobs.ErrState) {
			t.Errorf("cancel a failed run: %v, want ErrState", err)
		}
		if _, err := j.Retry(ctx, bad.ID); err != nil {
			t.Fatal(err)
		}
		if again := await(t, j, bad.ID, jobs.Failed); again.Attempt != 2 {
			t.Errorf("retried run: attempt %d, want 2", again.Attempt)
		}

		// A running job stops at its next progress report once cancelled, on any node.
		long, err := j.Insert(ctx, blockArgs{}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		await(t, j, long.ID, jobs.Running)
		if _, err := j.Cancel(ctx, long.ID); err != nil {
			t.Fatal(err)
		}
		if c := await(t, j, long.ID, jobs.Cancelled); c.CancelBy != "ops1" {
			t.Errorf("cancelled by %q", c.CancelBy)
		}

		// The periodic job ran at start, and, quiet, left no run behind.
		select {
		case <-ticks:
		case <-time.After(20 * time.Second):
			t.Fatal("the periodic job did not run at start")
		}
		runs, err := j.Runs(ctx, "test_tick", 10)
		if err != nil || len(runs) != 0 {
			t.Errorf("quiet periodic job's runs: %v %v", runs, err)
		}
		all, err := j.Runs(ctx, "", 10)
		if err != nil || len(all) != 3 {
			t.Errorf("runs: %d %v, want 3", len(all), err)
		}
		// the jobs page's keyset pages: two, then the one below the second, each once
		if n, err := j.CountRuns(ctx, ""); err != nil || n != 3 {
			t.Errorf("CountRuns: %d %v, want 3", n, err)
		}
		first, _ := j.RunsBefore(ctx, "", 0, 2)
		if len(first) != 2 {
			t.Fatalf("first page: %d runs, want 2", len(first))
		}
		rest, _ := j.RunsBefore(ctx, "", first[1].ID, 2)
		if len(rest) != 1 || rest[0].ID != all[2].ID {
			t.Errorf("pages %d + %d runs, want 2 + 1 ending with %d", len(first), len(rest), all[2].ID)
		}
	})
}

// A queued job is cancelled at once, without a worker.
func TestCancelQueued(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		j := jobs.New(d, jobs.Options{Queue: jobs.PrivateQueue()})
		jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[countArgs]) error { return nil }), jobs.Kind{
			Guard: func(ctx context.Context, r jobs.Run) error {
				if r.Scope != 7 {
					return errors.New("not yours")
				}
				return nil
			}})
		if err := j.Open(); err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		r, err := j.Insert(ctx, countArgs{N: 1}, jobs.What{Scope: 8})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := j.Cancel(ctx, r.ID); err == nil || err.Error() != "not yours" {
			t.Fatalf("guard: %v", err)
		}
		r, err = j.Insert(ctx, countArgs{N: 1}, jobs.What{Scope: 7})
		if err != nil {
			t.Fatal(err)
		}
		c, err := j.Cancel(ctx, r.ID)
		if err != nil || c.State != jobs.Cancelled || c.StartedBy != "system" {
			t.Fatalf("cancel queued: %+v %v", c, err)
		}
	})
}

// A run whose process died is set right once River has given its job up.
func TestReconcile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		j := jobs.New(d, jobs.Options{Queue: jobs.PrivateQueue()})
		jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[countArgs]) error { return nil }), jobs.Kind{})
		if err := j.Open(); err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		dead, err := j.Insert(ctx, countArgs{N: 1}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		alive, err := j.Insert(ctx, countArgs{N: 1}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		// as River's rescuer leaves a job whose node died with no attempt left
		if _, err := d.ExecContext(ctx, `UPDATE river_job SET state = 'discarded', finalized_at = created_at WHERE id = $1`, dead.JobID); err != nil {
			t.Fatal(err)
		}
		d.ExecContext(ctx, `UPDATE job_runs SET state = 'running' WHERE id IN ($1, $2)`, dead.ID, alive.ID)
		if n, err := j.Reconcile(ctx); err != nil || n != 1 {
			t.Fatalf("reconciled %d, %v; want 1", n, err)
		}
		if r, _ := j.Run(ctx, dead.ID); r.State != jobs.Failed || r.Reason == "" || r.Finished.IsZero() {
			t.Errorf("dead run: %+v", r)
		}
		if r, _ := j.Run(ctx, alive.ID); r.State != jobs.Running {
			t.Errorf("live run: %+v", r)
		}
	})
}

// Two servers on one database: the periodic job is enqueued by the elected leader only, so it
// runs once, not once per node.
func TestPeriodicOnceAcrossNodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ticks := make(chan struct{}, 10)
		start(t, d, ticks)
		start(t, d, ticks) // a second node: same registrations, same database
		select {
		case <-ticks:
		case <-time.After(20 * time.Second):
			t.Fatal("the periodic job did not run")
		}
		// Both nodes have stood for leader by now (each does at start); a second run would
		// follow the first within moments.
		select {
		case <-ticks:
			t.Fatal("the periodic job ran on both nodes")
		case <-time.After(3 * time.Second):
		}
		var leaders int
		d.QueryRow(`SELECT COUNT(*) FROM river_leader`).Scan(&leaders)
		if leaders != 1 {
			t.Errorf("%d leaders, want 1", leaders)
		}
	})
}

// A job whose node stopped giving signs of life for longer than RescueAfter is put back to be
// retried by any node, or given up when it has no attempt left; a job still reporting
// progress is left alone. (River's own rescuer skips jobs without a timeout, as dost's are.)
func TestRescue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		j := jobs.New(d, jobs.Options{Queue: jobs.PrivateQueue(), RescueAfter: time.Minute})
		jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[countArgs]) error { return nil }), jobs.Kind{})
		if err := j.Open(); err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		var ids []int64
		for range 3 {
			r, err := j.Insert(ctx, countArgs{N: 1}, jobs.What{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.JobID)
		}
		dead, last, alive := ids[0], ids[1], ids[2]
		// as a node leaves its jobs when it is killed: running, last heard of long ago
		long, recent := time.Now().UTC().Add(-2*time.Minute), time.Now().UTC().Add(-10*time.Second)
		for _, u := range []struct {
			id      int64
			attempt int
			at      time.Time
		}{{dead, 1, long}, {last, 25, long}, {alive, 1, recent}} {
			if _, err := d.ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = $1, attempted_at = $2, max_attempts = 25 WHERE id = $3`,
				u.attempt, u.at, u.id); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := j.Rescue(ctx); err != nil || n != 2 {
			t.Fatalf("rescued %d, %v; want 2", n, err)
		}
		for id, want := range map[int64]rivertype.JobState{dead: rivertype.JobStateRetryable, last: rivertype.JobStateDiscarded, alive: rivertype.JobStateRunning} {
			job, err := j.Client.JobGet(ctx, id)
			if err != nil || job.State != want {
				t.Fatalf("job %d: %v %v, want %s", id, job, err, want)
			}
			if want != rivertype.JobStateRunning && (len(job.Errors) != 1 || !strings.Contains(job.Errors[0].Error, "sign of life")) {
				t.Errorf("job %d: errors %+v", id, job.Errors)
			}
		}
		if n, err := j.Rescue(ctx); err != nil || n != 0 {
			t.Errorf("second rescue: %d, %v; want nothing left", n, err)
		}
	})
}

type silentArgs struct{}

func (silentArgs) Kind() string { return "test_silent" }

// A live node's job that reports no progress — a sweep — still gives signs of life, so that
// the leader does not take it for a dead node's job and run it a second time beside itself.
func TestSilentJobStaysAlive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		j := jobs.New(d, jobs.Options{Queue: jobs.PrivateQueue(), Poll: 50 * time.Millisecond, RescueAfter: 300 * time.Millisecond})
		started, release := make(chan struct{}), make(chan struct{})
		jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[silentArgs]) error {
			close(started)
			<-release
			return nil
		}), jobs.Kind{})
		if err := j.Open(); err != nil {
			t.Fatal(err)
		}
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			j.Stop(10 * time.Second)
			j.Close()
		}()
		defer close(release)
		r, err := j.Insert(ctx, silentArgs{}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		first, err := j.Client.JobGet(ctx, r.JobID)
		if err != nil || first.AttemptedAt == nil {
			t.Fatalf("job %v, %v", first, err)
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			job, err := j.Client.JobGet(ctx, r.JobID)
			if err != nil {
				t.Fatal(err)
			}
			if job.AttemptedAt.After(*first.AttemptedAt) && job.State == rivertype.JobStateRunning && job.Attempt == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a running job gave no sign of life: %+v", job)
			}
		}
	})
}

type lostArgs struct{}

func (lostArgs) Kind() string { return "test_lost" }

// A node that stalled past RescueAfter and finds its job given to another attempt stops: it
// does not go on beside the new attempt, nor write over its run record.
func TestLostJobStops(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		j := jobs.New(d, jobs.Options{Queue: jobs.PrivateQueue(), Poll: 50 * time.Millisecond, RescueAfter: 300 * time.Millisecond})
		started, cause := make(chan struct{}), make(chan error, 1)
		jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[lostArgs]) error {
			close(started)
			<-ctx.Done()
			cause <- context.Cause(ctx)
			return nil
		}), jobs.Kind{})
		if err := j.Open(); err != nil {
			t.Fatal(err)
		}
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			j.Stop(10 * time.Second)
			j.Close()
		}()
		r, err := j.Insert(ctx, lostArgs{}, jobs.What{})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		// as the rescue and another node's fetch leave it: a later attempt runs the job
		if _, err := d.ExecContext(ctx, `UPDATE river_job SET attempt = attempt + 1 WHERE id = $1`, r.JobID); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-cause:
			if !errors.Is(err, jobs.ErrLost) {
				t.Fatalf("the worker stopped for %v, want ErrLost", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("a node that lost its job went on working it")
		}
	})
}
