package identitydb

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// CountAttempt counts one attempt against key and returns the count in the current window,
// this one included. A window older than windowStart starts again at one. Counting and
// reading are one upsert: PostgreSQL locks the row for the conflicting update and SQLite has
// one writer, so parallel attempts each get a distinct count and no more than the limit pass.
func (s *Store) CountAttempt(ctx context.Context, key string, now, windowStart time.Time) (int, error) {
	var n int
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO login_throttle (key, window_start, attempts) VALUES ($1, $2, 1)
			ON CONFLICT (key) DO UPDATE SET
				attempts = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.attempts + 1 END,
				window_start = CASE WHEN login_throttle.window_start < $3 THEN excluded.window_start ELSE login_throttle.window_start END
			RETURNING attempts`, key, now.UTC(), windowStart.UTC()).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count attempt: %w", err)
	}
	return n, nil
}

// ForgetAttempts clears key's counter after a success.
func (s *Store) ForgetAttempts(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = $1`, key)
	return err
}

// ReturnAttempt gives one attempt back to key (a success from a shared address).
func (s *Store) ReturnAttempt(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE login_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0`, key)
	return err
}

// pruneThrottle deletes counters whose window ended long ago; the session sweep calls it.
func pruneThrottle(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, before time.Time) error {
	_, err := q.ExecContext(ctx, `DELETE FROM login_throttle WHERE window_start < $1`, before)
	return err
}
