package identitydb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/db"
)

// Sessions is an scs.Store in the main database, so that any app node can serve any user.
// A session is stored under the SHA-256 of its token, like an API token: whoever reads the
// table (a backup, a replica, a leaked dump) cannot take over a session with what is there.
// Each row also names its staff user, so that disabling the account or changing its password
// ends its sessions (see dropCredentials).
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

// key is what a session is stored under: the hex SHA-256 of its token.
func key(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// userOf reads the staff user a session belongs to from its data, or nil for anyone else.
func userOf(b []byte) any {
	_, values, err := scs.GobCodec{}.Decode(b)
	if err != nil {
		return nil
	}
	if id, ok := values[identity.SessionUserKey].(int64); ok && id != 0 {
		return id
	}
	return nil
}

// Find returns a live session's data.
func (s *Sessions) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.QueryRow(`SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, key(token), time.Now().UTC()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit saves session data.
func (s *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	token = key(token)
	sum := sha256.Sum256(b)
	if v, ok := s.saved.Load(token); ok {
		if last := v.(savedSession); last.sum == sum && expiry.Sub(last.expiry) < refreshEvery {
			return nil
		}
	}
	// A session that has ended (expiry in the past: see dropCredentials) is not revived by a
	// request that was already under way when it was ended.
	_, err := s.db.Exec(`INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, user_id = excluded.user_id
		WHERE sessions.expiry > $5`,
		token, b, expiry.UTC(), userOf(b), time.Now().UTC())
	if err == nil {
		s.saved.Store(token, savedSession{sum: sum, expiry: expiry})
	}
	return err
}

// Delete removes a session.
func (s *Sessions) Delete(token string) error {
	token = key(token)
	s.saved.Delete(token)
	_, err := s.db.Exec(`DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes sessions past their expiry, and sign-in throttle counters a day
// old; the server calls it periodically.
func (s *Sessions) DeleteExpired() error {
	s.saved.Clear()
	now := time.Now().UTC()
	if _, err := s.db.Exec(`DELETE FROM sessions WHERE expiry < $1`, now); err != nil {
		return err
	}
	return pruneThrottle(context.Background(), s.db, now.Add(-24*time.Hour))
}
