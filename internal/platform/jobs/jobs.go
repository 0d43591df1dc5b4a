// Package jobs is dost's one way to run long and background work: River
// (github.com/riverqueue/river) over the database dost already runs on, plus a run record
// (table job_runs) that every node reads to show who started what, how far it has gone and
// how it ended.
//
// A domain registers its work in its own <domain>job package: workers with Register, periodic
// work with Every. The composition root then calls Open once, and Start/Stop around serving.
//
//   - PostgreSQL: River's database/sql driver over dost's own pool, so a job is enqueued with
//     InsertTx in the very transaction of the domain write that needs it.
//   - SQLite: River on its own single connection to the same file (River's SQLite driver
//     wants one connection) with a busy timeout, so that its polling queues behind dost's
//     writers instead of failing with SQLITE_BUSY. InsertTx works in dost's transaction too:
//     it is the same file.
//
// The leader's periodic Rescue moves a job that has been running longer than RescueAfter back
// to be retried: that is how a job on a node that died is finished by another (River's own
// rescuer skips jobs without a timeout; rescue.go says why). While a worker runs, its node
// moves the job's attempted_at forward every third of RescueAfter (and at each Progress), so
// a live job — one that reports progress or a sweep that reports none — is never taken for a
// dead node's.
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// DefaultRescueAfter is how long a job may run without a sign of life before River takes it
// for one on a dead node and runs it again elsewhere (River's own default is an hour).
const DefaultRescueAfter = 2 * time.Minute

// Options configure the jobs of one process.
type Options struct {
	// Queue is the one queue this process works: QueueDefault for a server; a command that
	// works its own job in the foreground takes a private one (PrivateQueue) so that a
	// running server does not take the job from it.
	Queue string
	// Workers is how many jobs this process works at once; 4 when zero.
	Workers int
	// RescueAfter: see DefaultRescueAfter, which applies when zero.
	RescueAfter time.Duration
	// Poll is how often an idle queue looks for new jobs; one second when zero. (dost runs
	// River without LISTEN/NOTIFY: database/sql has none.)
	Poll time.Duration
	// Periodic lets this process schedule the registered periodic jobs when River elects it
	// leader; commands leave it off.
	Periodic bool
	Log      *slog.Logger
}

// QueueDefault is the queue servers work.
const QueueDefault = river.QueueDefault

// PrivateQueue returns a queue name that no other process uses.
func PrivateQueue() string {
	b := make([]byte, 6)
	rand.Read(b)
	host, _ := os.Hostname()
	host = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(host))
	return fmt.Sprintf("cli_%.20s_%d_%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Jobs is a process's River client and the registry its domains fill before Open.
type Jobs struct {
	DB       *db.DB
	Client   *river.Client[*sql.Tx]
	opts     Options
	workers  *river.Workers
	periodic []*river.PeriodicJob
	kinds    map[string]Kind
	own      *sql.DB // SQLite: River's single connection
}

// Kind describes a registered kind of job for the run record and the jobs page.
type Kind struct {
	// Guard, when set, decides whether the caller may retry or cancel a run of this kind,
	// beyond the operators' permission (a payroll preparation needs the payment permission in
	// its programme's institution).
	Guard func(ctx context.Context, r Run) error
	// Quiet kinds (sweeps every few seconds or minutes) leave a run record only when an
	// attempt fails, so that the record is not flooded with runs that did nothing.
	Quiet bool
	// Title is the key of the message, in the catalogue of the domain that registers the
	// kind, that describes a run to an operator in their language ("job.<kind>" by
	// convention). It gets the run's summary as {{.Summary}}, or what Args makes of it.
	Title string
	// Args, when set, turns a run into its title's values in the reader's form (a
	// programme's name and a month's for "TSSA 2026-11"), ctx carrying the reader's language.
	Args func(ctx context.Context, r Run) map[string]any
}

// Title describes a run in the language of ctx by its kind's title; a kind that declares none
// shows its name and summary as recorded.
func (j *Jobs) Title(ctx context.Context, r Run) string {
	k := j.kinds[r.Kind]
	if k.Title == "" {
		return strings.TrimSpace(r.Kind + " " + r.Summary)
	}
	args := map[string]any{"Summary": r.Summary}
	if k.Args != nil {
		args = k.Args(ctx, r)
	}
	return i18n.TA(ctx, k.Title, args)
}

// New prepares an empty registry for d.
func New(d *db.DB, opts Options) *Jobs {
	if opts.Queue == "" {
		opts.Queue = QueueDefault
	}
	if opts.Workers == 0 {
		opts.Workers = 4
	}
	if opts.RescueAfter == 0 {
		opts.RescueAfter = DefaultRescueAfter
	}
	if opts.Poll == 0 {
		opts.Poll = time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	j := &Jobs{DB: d, opts: opts, workers: river.NewWorkers(), kinds: map[string]Kind{}}
	Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[reconcileArgs]) error {
		_, err := j.Reconcile(ctx)
		return err
	}), Kind{Quiet: true, Title: "job.jobs.reconcile"})
	j.Every(time.Minute, true, func() river.JobArgs { return reconcileArgs{} })
	Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[rescueArgs]) error {
		_, err := j.Rescue(ctx)
		return err
	}), Kind{Quiet: true, Title: "job.jobs.rescue"})
	j.Every(rescueEvery(opts.RescueAfter), true, func() river.JobArgs { return rescueArgs{} })
	return j
}

// Register adds a worker for the job arguments T.
func Register[T river.JobArgs](j *Jobs, w river.Worker[T], k Kind) {
	river.AddWorker(j.workers, w)
	var args T
	j.kinds[args.Kind()] = k
}

// Every runs the job args makes once every interval across all nodes (the elected leader
// enqueues it), and once at start when runOnStart.
func (j *Jobs) Every(interval time.Duration, runOnStart bool, args func() river.JobArgs) {
	j.periodic = append(j.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args(), nil },
		&river.PeriodicJobOpts{RunOnStart: runOnStart}))
}

// Open builds the River client once every domain has registered. Call it once.
func (j *Jobs) Open() error {
	driver, err := j.driver()
	if err != nil {
		return err
	}
	cfg := &river.Config{
		Queues:               map[string]river.QueueConfig{j.opts.Queue: {MaxWorkers: j.opts.Workers}},
		Workers:              j.workers,
		JobTimeout:           -1, // a payroll of a million lines runs as long as it needs
		RescueStuckJobsAfter: j.opts.RescueAfter,
		FetchPollInterval:    j.opts.Poll,
		FetchCooldown:        min(j.opts.Poll, 100*time.Millisecond),
		Logger:               j.opts.Log,
		WorkerMiddleware:     []rivertype.WorkerMiddleware{&record{j: j}},
		MaxAttempts:          5,
		// A command works its own job only and leaves maintenance (rescue, cleaning,
		// periodic jobs) to the servers.
		LeaderElectionDisabled: !j.opts.Periodic,
	}
	if j.opts.Periodic {
		cfg.PeriodicJobs = j.periodic
	}
	c, err := river.NewClient(driver, cfg)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	j.Client = c
	return nil
}

func (j *Jobs) driver() (riverdriver.Driver[*sql.Tx], error) {
	if j.DB.Dialect == db.Postgres {
		return riverdatabasesql.New(j.DB.DB), nil
	}
	if j.own == nil {
		own, err := openOwn(j.DB)
		if err != nil {
			return nil, err
		}
		j.own = own
	}
	return riversqlite.New(j.own), nil
}

// openOwn opens River's single SQLite connection to the file d is on.
func openOwn(d *db.DB) (*sql.DB, error) {
	var file string
	if err := d.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return nil, fmt.Errorf("jobs: database file: %w", err)
	}
	if file == "" {
		return nil, errors.New("jobs: an in-memory SQLite database cannot be shared with River")
	}
	own, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+
		"?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	own.SetMaxOpenConns(1)
	return own, nil
}

// Start begins working the queue (and, on a server, the periodic jobs).
func (j *Jobs) Start(ctx context.Context) error { return j.Client.Start(ctx) }

// Stop stops fetching jobs and waits up to timeout for the running ones to finish; then it
// cancels what still runs (River takes it up again on the next start, or on another node).
func (j *Jobs) Stop(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := j.Client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		hard, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = j.Client.StopAndCancel(hard)
	}
	return err
}

// Close releases River's own SQLite connection.
func (j *Jobs) Close() error {
	if j.own != nil {
		return j.own.Close()
	}
	return nil
}

// RescueAfter is how long a job may run without a sign of life before it is run again.
func (j *Jobs) RescueAfter() time.Duration { return j.opts.RescueAfter }

// Queue is the queue this process works.
func (j *Jobs) Queue() string { return j.opts.Queue }

// Migrate brings River's own schema (river_job, river_leader, …) up to date with River's
// migrator. dost's own tables, job_runs among them, come from db.Migrate.
func Migrate(ctx context.Context, d *db.DB) error {
	var driver riverdriver.Driver[*sql.Tx] = riverdatabasesql.New(d.DB)
	if d.Dialect == db.SQLite {
		driver = riversqlite.New(d.DB)
	}
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("river migrate: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrate: %w", err)
	}
	return nil
}
