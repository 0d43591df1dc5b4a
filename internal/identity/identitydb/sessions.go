package identitydb

import (
	"database/sql"
	"errors"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Sessions is an scs.Store in the main database, so that any app node can serve any user.
type Sessions struct{ db *db.DB }

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
	_, err := s.db.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// Delete removes a session.
func (s *Sessions) Delete(token string) error {
	_, err := s.db.Exec(`DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes sessions past their expiry; the server calls it periodically.
func (s *Sessions) DeleteExpired() error {
	_, err := s.db.Exec(`DELETE FROM sessions WHERE expiry < $1`, time.Now().UTC())
	return err
}
