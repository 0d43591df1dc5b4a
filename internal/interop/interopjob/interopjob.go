// Package interopjob registers the DCI exchange's background work: answering asynchronous
// searches at the client's registered callback, retried while the partner does not answer.
package interopjob

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

// Answer delivers the answer of one asynchronous search transaction.
type Answer struct {
	TxnID int64 `json:"txn_id"`
}

// Kind names the job in River and in the run record.
func (Answer) Kind() string { return "interop.answer" }

// Attempts is how often a callback is tried before its run is failed and waits for an
// operator's retry (River spaces the attempts further and further apart).
const Attempts = 8

// Register adds the worker and gives the service the way to enqueue it.
func Register(j *jobs.Jobs, svc *interop.Service) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, job *river.Job[Answer]) error {
		return svc.Answer(ctx, job.Args.TxnID)
	}), jobs.Kind{})
	svc.Deliver = func(ctx context.Context, id int64) error {
		_, err := j.Insert(ctx, Answer{TxnID: id}, what(id))
		return err
	}
	svc.Enqueue = func(ctx context.Context, tx *sql.Tx, id int64) error {
		_, err := j.InsertTx(ctx, tx, Answer{TxnID: id}, what(id))
		return err
	}
	RegisterNotify(j, svc)
}

func what(id int64) jobs.What {
	return jobs.What{Summary: fmt.Sprintf("DCI delivery, transaction %d", id), Attempts: Attempts}
}

// Notify sweeps the registry's new persons and changes for the subscribers' events.
type Notify struct{}

// Kind names the job in River and in the run record.
func (Notify) Kind() string { return "interop.notify" }

// NotifyEvery is how often the sweep runs: a subscriber hears of a change within it.
const NotifyEvery = 10 * time.Second

// RegisterNotify adds the sweep, at start and every NotifyEvery, once across the nodes.
func RegisterNotify(j *jobs.Jobs, svc *interop.Service) {
	jobs.Register(j, river.WorkFunc(func(ctx context.Context, _ *river.Job[Notify]) error {
		_, err := svc.Notify(ctx)
		return err
	}), jobs.Kind{Quiet: true})
	j.Every(NotifyEvery, true, func() river.JobArgs { return Notify{} })
}
