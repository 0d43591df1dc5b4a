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

// accountColumns are a user's columns with the account lifecycle's.
const accountColumns = `id, uuid, login, full_name, password_hash, lang, active, created_at, phone, email, COALESCE(institution_id, 0), last_login_at`

func scanAccount(sc interface{ Scan(...any) error }) (identity.User, error) {
	var u identity.User
	var last sql.NullTime
	err := sc.Scan(&u.ID, &u.UUID, &u.Login, &u.FullName, &u.PasswordHash, &u.Lang, &u.Active, &u.CreatedAt,
		&u.Phone, &u.Email, &u.InstitutionID, &last)
	u.LastLoginAt = last.Time
	return u, err
}

func (s *Store) account(ctx context.Context, where string, arg any) (identity.User, error) {
	u, err := db.One(ctx, s.db, "user", scanAccount, `SELECT `+accountColumns+` FROM users WHERE `+where, arg)
	if err != nil {
		return u, err
	}
	u.Grants, err = s.grants(ctx, u.ID)
	return u, err
}

// Account loads a user with contact, institution and grants.
func (s *Store) Account(ctx context.Context, id int64) (identity.User, error) {
	return s.account(ctx, "id = $1", id)
}

// AccountByLogin loads a user with contact, institution and grants, by login.
func (s *Store) AccountByLogin(ctx context.Context, login string) (identity.User, error) {
	return s.account(ctx, "login = $1", login)
}

// CreateAccount inserts u (no password, no grants), its activation code and the message that
// carries the code, in one transaction; a taken login is fail.ErrDuplicate.
func (s *Store) CreateAccount(ctx context.Context, u *identity.User, a identity.Activation, m notify.Message) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var taken int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login = $1`, u.Login).Scan(&taken)
		if taken > 0 {
			return fmt.Errorf("user %s: %w", u.Login, fail.ErrDuplicate)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (uuid, login, full_name, password_hash, lang, active, created_at, phone, email, institution_id, enabled_at)
			VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9, $6) RETURNING id`,
			u.UUID, u.Login, u.FullName, u.Lang, u.Active, u.CreatedAt, u.Phone, u.Email, db.NullID(u.InstitutionID)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return insertActivation(ctx, tx, u.ID, a, m)
	})
}

func insertActivation(ctx context.Context, tx *sql.Tx, userID int64, a identity.Activation, m notify.Message) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO user_activations (user_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		userID, a.Hash, a.CreatedAt, a.ExpiresAt)
	if err != nil {
		return fmt.Errorf("activation: %w", err)
	}
	return notify.Enqueue(ctx, tx, a.CreatedAt, m)
}

// UsersIn lists the accounts that belong to, or hold a grant in, an institution of scope
// (all accounts when scope is nil), after afterLogin in login order, with their grants.
func (s *Store) UsersIn(ctx context.Context, scope []int64, afterLogin string, limit int) ([]identity.User, error) {
	var args db.Args
	where := `login > ` + args.Add(afterLogin)
	if scope != nil {
		in := db.In(&args, scope)
		where += ` AND (institution_id IN (` + in + `) OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.institution_id IN (` + in + `)))`
	}
	out, err := db.Collect(ctx, s.db, scanAccount, `SELECT `+accountColumns+` FROM users WHERE `+where+` ORDER BY login LIMIT `+args.Add(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	for i := range out {
		if out[i].Grants, err = s.grants(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RecordLogin notes a successful sign-in.
func (s *Store) RecordLogin(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, at, userID)
	return err
}

// MarkEnabled restarts an account's idle clock.
func (s *Store) MarkEnabled(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET enabled_at = $1 WHERE id = $2`, at, userID)
	return err
}

// IdleAccounts lists active accounts not signed in since idleSince nor enabled since, and
// active accounts without a password and without a live code, enabled before codeSince.
// Accounts seeded for the demo and tests (no enabled_at) are never idle.
func (s *Store) IdleAccounts(ctx context.Context, idleSince, codeSince, now time.Time) ([]identity.User, error) {
	out, err := db.Collect(ctx, s.db, scanAccount, `SELECT `+accountColumns+` FROM users WHERE active AND enabled_at IS NOT NULL AND (
		(enabled_at < $1 AND (last_login_at IS NULL OR last_login_at < $1))
		OR (password_hash = '' AND enabled_at < $2 AND NOT EXISTS (SELECT 1 FROM user_activations a
			WHERE a.user_id = users.id AND a.used_at IS NULL AND a.expires_at > $3)))
		ORDER BY id`, idleSince, codeSince, now)
	if err != nil {
		return nil, fmt.Errorf("idle accounts: %w", err)
	}
	return out, nil
}
