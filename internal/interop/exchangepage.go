package interop

import (
	"context"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// ExpiringWithin is how far ahead the exchange page warns of agreements ending.
const ExpiringWithin = 30 * 24 * time.Hour

// TrafficDays is the period the traffic table counts.
const TrafficDays = 30

// Traffic is one client's count of messages of one action and status over TrafficDays.
type Traffic struct {
	ClientID int64
	Action   string
	Status   string
	Count    int
}

// ExchangeStore reads what the operators' page shows.
type ExchangeStore interface {
	Traffic(ctx context.Context, since time.Time) ([]Traffic, error)
	FailedDeliveries(ctx context.Context, limit int) ([]Txn, error)
}

// ExchangeView is the operators' view of the exchange: the clients (agreements ending soonest
// first, those within ExpiringWithin marked), their traffic, and deliveries that failed.
type ExchangeView struct {
	Clients  []identity.Client
	Names    map[int64]string // client id by row id
	Traffic  []Traffic
	Failed   []Txn
	Expiring map[int64]bool
}

// Exchange gathers the page. It shows no personal data: counts, transaction ids, errors.
func (s *Service) Exchange(ctx context.Context) (ExchangeView, error) {
	var x ExchangeView
	var err error
	if x.Clients, err = s.clients.List(ctx); err != nil {
		return x, err
	}
	now := s.clock.Now()
	x.Names, x.Expiring = map[int64]string{}, map[int64]bool{}
	for _, c := range x.Clients {
		x.Names[c.ID] = c.ClientID
		x.Expiring[c.ID] = c.ExpiresAt.Before(now.Add(ExpiringWithin))
	}
	if x.Traffic, err = s.store.Traffic(ctx, now.AddDate(0, 0, -TrafficDays)); err != nil {
		return x, err
	}
	x.Failed, err = s.store.FailedDeliveries(ctx, 100)
	return x, err
}

// Retry queues the delivery of a pending transaction again, for an operator holding
// authz.Operations; one already delivered or refused is not retried.
func (s *Service) Retry(ctx context.Context, id int64) error {
	if !authz.From(ctx).Can(authz.Operations) {
		return fmt.Errorf("retry delivery: %w", fail.ErrForbidden)
	}
	t, err := s.store.TxnByID(ctx, id)
	if err != nil {
		return err
	}
	if t.Status != StatusPending || t.Action == "txn-status" || t.Action == "unsubscribe" {
		return fail.Because(fail.ErrConflict, "dci.retry_not_pending", nil)
	}
	return s.Deliver(ctx, t.ID)
}
