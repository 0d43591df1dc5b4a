// Package interopjob registers the DCI exchange's background work: answering asynchronous
// searches at the client's registered callback, retried while the partner does not answer.
package interopjob

import (
	"context"
	"fmt"

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
		_, err := j.Insert(ctx, Answer{TxnID: id}, jobs.What{Summary: fmt.Sprintf("DCI answer, transaction %d", id), Attempts: Attempts})
		return err
	}
}
