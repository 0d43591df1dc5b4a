// Package interopdb stores the DCI exchange: the transactions clients started and the
// subscriptions they hold. SQL written by hand, one body for both engines.
package interopdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/db"
)

// Store implements interop.Store.
type Store struct{ db *db.DB }

// New returns the store over d.
func New(d *db.DB) *Store { return &Store{db: d} }

var _ interop.Store = (*Store)(nil)

// CreateTxn inserts t and sets its id. The unique (client, message_id) key makes a replayed
// message interop.ErrReplay in the same statement that would record it: two copies sent at
// once cannot both pass.
func (s *Store) CreateTxn(ctx context.Context, t *interop.Txn) error {
	err := s.db.QueryRowContext(ctx, `INSERT INTO dci_transactions (client_id, message_id, transaction_id, correlation_id,
		action, status, request, reference_ids, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (client_id, message_id) DO NOTHING RETURNING id`,
		t.ClientID, t.MessageID, t.TransactionID, t.CorrelationID, t.Action, t.Status, t.Request, strings.Join(t.ReferenceIDs, "\n"),
		t.CreatedAt, t.UpdatedAt).Scan(&t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return interop.ErrReplay
	}
	if err != nil {
		return fmt.Errorf("record transaction: %w", err)
	}
	return nil
}

// UpdateTxn writes a transaction's status, attempts and last error; a finished one —
// answered or rejected — drops its request, which held what the client searched for: only a
// pending one needs it, to be answered.
func (s *Store) UpdateTxn(ctx context.Context, t interop.Txn) error {
	_, err := s.db.ExecContext(ctx, `UPDATE dci_transactions SET status = $2, attempts = $3, last_error = $4, updated_at = $5,
		request = CASE WHEN $2 = 'pdng' THEN request ELSE '' END WHERE id = $1`, t.ID, t.Status, t.Attempts, t.LastError, t.UpdatedAt)
	return err
}

const txnColumns = `id, client_id, message_id, transaction_id, correlation_id, action, status, request, reference_ids,
	attempts, last_error, created_at, updated_at`

func scanTxn(row db.Scanner) (t interop.Txn, err error) {
	var refs string
	err = row.Scan(&t.ID, &t.ClientID, &t.MessageID, &t.TransactionID, &t.CorrelationID, &t.Action, &t.Status, &t.Request,
		&refs, &t.Attempts, &t.LastError, &t.CreatedAt, &t.UpdatedAt)
	if refs != "" {
		t.ReferenceIDs = strings.Split(refs, "\n")
	}
	return
}

// TxnByCorrelation returns the client's transaction dost named correlationID.
func (s *Store) TxnByCorrelation(ctx context.Context, clientID int64, correlationID string) (interop.Txn, error) {
	return db.One(ctx, s.db, "transaction", scanTxn, `SELECT `+txnColumns+` FROM dci_transactions
		WHERE client_id = $1 AND correlation_id = $2`, clientID, correlationID)
}

// TxnsByTransaction returns the client's messages of one transaction, oldest first (at most
// a hundred: a transaction is a conversation, not a feed).
func (s *Store) TxnsByTransaction(ctx context.Context, clientID int64, transactionID string) ([]interop.Txn, error) {
	return db.Collect(ctx, s.db, scanTxn, `SELECT `+txnColumns+` FROM dci_transactions
		WHERE client_id = $1 AND transaction_id = $2 ORDER BY id LIMIT 100`, clientID, transactionID)
}

// TxnByID returns a transaction by its id (the asynchronous worker's handle).
func (s *Store) TxnByID(ctx context.Context, id int64) (interop.Txn, error) {
	return db.One(ctx, s.db, "transaction", scanTxn, `SELECT `+txnColumns+` FROM dci_transactions WHERE id = $1`, id)
}

// Traffic counts the messages since since by client, action and status.
func (s *Store) Traffic(ctx context.Context, since time.Time) ([]interop.Traffic, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (t interop.Traffic, err error) {
		err = row.Scan(&t.ClientID, &t.Action, &t.Status, &t.Count)
		return
	}, `SELECT client_id, action, status, COUNT(*) FROM dci_transactions WHERE created_at >= $1
		GROUP BY client_id, action, status ORDER BY client_id, action, status`, since)
}

// FailedDeliveries lists pending transactions whose delivery was tried and failed, newest first.
func (s *Store) FailedDeliveries(ctx context.Context, limit int) ([]interop.Txn, error) {
	return db.Collect(ctx, s.db, scanTxn, `SELECT `+txnColumns+` FROM dci_transactions
		WHERE status = 'pdng' AND attempts > 0 ORDER BY id DESC LIMIT $1`, limit)
}
