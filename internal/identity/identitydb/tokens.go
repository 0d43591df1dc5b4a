package identitydb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
)

// CreateToken stores an API token's hash and scope.
func (s *Store) CreateToken(ctx context.Context, t identity.Token) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, read_only, permissions)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.UserID, t.Name, t.Hash, t.CreatedAt, t.ExpiresAt, t.ReadOnly, joinPerms(t.Permissions))
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

const tokenColumns = `id, user_id, name, token_hash, created_at, expires_at, revoked_at, read_only, permissions`

func scanToken(row interface{ Scan(...any) error }) (identity.Token, error) {
	var t identity.Token
	var revoked sql.NullTime
	var perms string
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.CreatedAt, &t.ExpiresAt, &revoked, &t.ReadOnly, &perms)
	if err != nil {
		return t, err
	}
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	t.Permissions = splitPerms(perms)
	return t, nil
}

// TokenByHash returns a live token: not revoked, not expired.
func (s *Store) TokenByHash(ctx context.Context, hash string, now time.Time) (identity.Token, error) {
	return db.One(ctx, s.db, "token", scanToken, `SELECT `+tokenColumns+` FROM api_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`, hash, now)
}

// TokenByID returns a token, live or not.
func (s *Store) TokenByID(ctx context.Context, id int64) (identity.Token, error) {
	return db.One(ctx, s.db, "token", scanToken, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id)
}

// Tokens lists a user's live tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64, now time.Time) ([]identity.Token, error) {
	out, err := db.Collect(ctx, s.db, scanToken, `SELECT `+tokenColumns+` FROM api_tokens
		WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC`, userID, now)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes a token; revoking it again changes nothing.
func (s *Store) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, now)
	return err
}

// dropCredentials revokes every token of a user and ends their sessions, inside tx.
func dropCredentials(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
		userID, time.Now().UTC()); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	// Ended, not deleted: the row stays (until the sweep) so that a request of that session
	// still in flight cannot write it back (see Sessions.Commit).
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET expiry = $2 WHERE user_id = $1`, userID, sessionEnded); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	return nil
}

// sessionEnded is the expiry of a session ended by a change of credentials.
var sessionEnded = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func joinPerms(ps []authz.Permission) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = string(p)
	}
	return strings.Join(parts, ",")
}

func splitPerms(s string) []authz.Permission {
	if s == "" {
		return nil
	}
	var out []authz.Permission
	for _, p := range strings.Split(s, ",") {
		out = append(out, authz.Permission(p))
	}
	return out
}
