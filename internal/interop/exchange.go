package interop

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/dost-platform/dost/internal/identity"
)

// ErrReplay is a message whose message_id the client has used before.
var ErrReplay = errors.New("message_id used before")

// begin records the message as a transaction of c, refusing a message_id used before.
func (s *Service) begin(ctx context.Context, c identity.Client, env Envelope, transactionID, action, request string, refs []string) (Txn, error) {
	now := s.clock.Now()
	t := Txn{ClientID: c.ID, MessageID: env.Header.MessageID, TransactionID: transactionID, CorrelationID: NewCorrelationID(),
		Action: action, Status: StatusPending, Request: request, ReferenceIDs: refs, CreatedAt: now, UpdatedAt: now}
	err := s.store.CreateTxn(ctx, &t)
	if errors.Is(err, ErrReplay) {
		return t, refuse(http.StatusConflict, "err.request.bad", "message_id %q was used before (rjct.message_id.duplicate)", env.Header.MessageID)
	}
	return t, err
}

// finish records a transaction's outcome.
func (s *Service) finish(ctx context.Context, t Txn, status, lastError string) error {
	t.Status, t.LastError, t.UpdatedAt = status, lastError, s.clock.Now()
	if err := s.store.UpdateTxn(ctx, t); err != nil {
		return fmt.Errorf("transaction %s: %w", t.CorrelationID, err)
	}
	return nil
}

// SyncSearch answers a search message at once (registry/sync/search), keeping it as a
// transaction whose status registry/sync/txn/status reports.
func (s *Service) SyncSearch(ctx context.Context, c identity.Client, env Envelope) (SearchResponse, error) {
	m, err := ParseSearch(env.Message)
	if err != nil {
		return SearchResponse{}, err
	}
	t, err := s.begin(ctx, c, env, m.TransactionID, "search", "", m.references())
	if err != nil {
		return SearchResponse{}, err
	}
	resp, err := s.Search(ctx, c, m, t.CorrelationID)
	if err != nil {
		s.finish(ctx, t, StatusRejected, "the registry could not be searched")
		return resp, err
	}
	return resp, s.finish(ctx, t, StatusSuccess, "")
}
