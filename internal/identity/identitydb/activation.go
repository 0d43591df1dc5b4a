package identitydb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// maxCodeAttempts matches identity's: a code tried this many times wrongly is dead.
const maxCodeAttempts = 5

// NewActivation voids the user's earlier codes, stores a new one and enqueues its message.
func (s *Store) NewActivation(ctx context.Context, userID int64, a identity.Activation, m notify.Message) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE user_activations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, a.CreatedAt, userID); err != nil {
			return err
		}
		return insertActivation(ctx, tx, userID, a, m)
	})
}

// LiveActivations lists the user's unused, unexpired codes tried wrongly fewer than the limit.
func (s *Store) LiveActivations(ctx context.Context, userID int64, now time.Time) ([]identity.Activation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, code_hash, created_at, expires_at FROM user_activations
		WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 ORDER BY id`, userID, now, maxCodeAttempts)
	if err != nil {
		return nil, fmt.Errorf("activations: %w", err)
	}
	return db.CollectRows(rows, func(row db.Scanner) (a identity.Activation, err error) {
		err = row.Scan(&a.ID, &a.UserID, &a.Hash, &a.CreatedAt, &a.ExpiresAt)
		return
	})
}

// FailActivation counts one wrong code against the user's unused codes.
func (s *Store) FailActivation(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE user_activations SET attempts = attempts + 1 WHERE user_id = $1 AND used_at IS NULL`, userID)
	return err
}

// UseActivation marks a code used, once: of two requests racing with the same code, one wins.
func (s *Store) UseActivation(ctx context.Context, id int64, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE user_activations SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, at, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("activation code: %w", fail.ErrConflict)
	}
	return nil
}
