package identitydb

import (
	"crypto/sha256"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Sessions is an scs.Store in the main database, so that any app node can serve any user.
type Sessions struct {
	db *db.DB
	// saved remembers what this node last wrote per session. With an idle timeout scs
	// re-commits every session on every request only to push its expiry forward; a write per
	// page view is the largest cost of a busy portal, so an unchanged session is written again
	// only once its stored expiry is a minute old (idle timeouts run a minute long at most).
	saved sync.Map // token → savedSession
}

type savedSession struct {
	sum    [32]byte
	expiry time.Time
}

// refreshEvery is how stale a stored idle expiry may get before it is written again.
const refreshEvery = time.Minute

// NewSessions returns the session store.
func NewSessions(d *db.DB) *Sessions { return &Sessions{db: d} }

// Find returns a live session's data.
func (s *Sessions) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.QueryRow(`SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, time.Now().UTC()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit saves session data.
func (s *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	sum := sha256.Sum256(b)
	if v, ok := s.saved.Load(token); ok {
		if last := v.(savedSession); last.sum == sum && expiry.Sub(last.expiry) < refreshEvery {
			return nil
		}
	}
	_, err := s.db.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	if err == nil {
		s.saved.Store(token, savedSession{sum: sum, expiry: expiry})
	}
	return err
}

// Delete removes a session.
func (s *Sessions) Delete(token string) error {
	s.saved.Delete(token)
	_, err := s.db.Exec(`DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes sessions past their expiry; the server calls it periodically.
func (s *Sessions) DeleteExpired() error {
	s.saved.Clear()
	_, err := s.db.Exec(`DELETE FROM sessions WHERE expiry < $1`, time.Now().UTC())
	return err
}
