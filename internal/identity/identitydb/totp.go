package identitydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// TOTP returns a user's second factor, confirmed or still being enrolled.
func (s *Store) TOTP(ctx context.Context, userID int64) (identity.TOTPSecret, error) {
	return db.One(ctx, s.db, "two-factor", func(row db.Scanner) (identity.TOTPSecret, error) {
		t := identity.TOTPSecret{UserID: userID}
		var confirmed sql.NullTime
		err := row.Scan(&t.Secret, &confirmed, &t.LastStep)
		t.Confirmed = confirmed.Valid
		return t, err
	}, `SELECT secret, confirmed_at, last_step FROM user_totp WHERE user_id = $1`, userID)
}

// SaveTOTPSecret stores the secret of an enrolment in progress; a confirmed one is kept.
func (s *Store) SaveTOTPSecret(ctx context.Context, userID int64, secret string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at
		WHERE user_totp.confirmed_at IS NULL`, userID, secret, now)
	return err
}

// ConfirmTOTP puts the secret in force with step as its first used step, and replaces the
// recovery codes.
func (s *Store) ConfirmTOTP(ctx context.Context, userID int64, step int64, hashes []string, now time.Time) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE user_totp SET confirmed_at = $2, last_step = $3
			WHERE user_id = $1 AND confirmed_at IS NULL`, userID, now, step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("two-factor enrolment: %w", fail.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM totp_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return err
		}
		for _, h := range hashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// UseTOTPStep records step as used and reports whether it was later than every step used
// before: one conditional update, so two requests with the same code cannot both pass.
func (s *Store) UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE user_totp SET last_step = $2
		WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NOT NULL`, userID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode spends a recovery code and reports whether it was there, unused.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE totp_recovery_codes SET used_at = $3
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, hash, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n >= 1, err
}

// RequestTOTPReset records a reset request and sets its id; one pending request per user.
func (s *Store) RequestTOTPReset(ctx context.Context, r *identity.TOTPReset) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM two_factor_resets WHERE user_id = $1 AND approved_at IS NULL`,
			r.UserID).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return fmt.Errorf("two-factor reset: %w", fail.ErrDuplicate)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO two_factor_resets (user_id, requested_by, requested_at) VALUES ($1, $2, $3)
			RETURNING id`, r.UserID, r.RequestedBy, r.RequestedAt).Scan(&r.ID)
	})
}

// TOTPResets lists the pending reset requests, oldest first.
func (s *Store) TOTPResets(ctx context.Context) ([]identity.TOTPReset, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.user_id, u.login, r.requested_by, q.login, r.requested_at
		FROM two_factor_resets r JOIN users u ON u.id = r.user_id JOIN users q ON q.id = r.requested_by
		WHERE r.approved_at IS NULL ORDER BY r.id`)
	if err != nil {
		return nil, fmt.Errorf("two-factor resets: %w", err)
	}
	return db.CollectRows(rows, func(row db.Scanner) (r identity.TOTPReset, err error) {
		err = row.Scan(&r.ID, &r.UserID, &r.Login, &r.RequestedBy, &r.Requester, &r.RequestedAt)
		return
	})
}

// ApproveTOTPReset marks a pending request approved by approver (never its requester) and
// removes the user's second factor and recovery codes, in one transaction.
func (s *Store) ApproveTOTPReset(ctx context.Context, id, approver int64, now time.Time) (identity.TOTPReset, error) {
	r := identity.TOTPReset{ID: id}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE two_factor_resets SET approved_by = $2, approved_at = $3
			WHERE id = $1 AND approved_at IS NULL AND requested_by <> $2 AND user_id <> $2
			RETURNING user_id, requested_by, requested_at`, id, approver, now).Scan(&r.UserID, &r.RequestedBy, &r.RequestedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("two-factor reset %d: %w", id, fail.ErrConflict)
		}
		if err != nil {
			return err
		}
		r.ApprovedBy, r.ApprovedAt = approver, &now
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_totp WHERE user_id = $1`, r.UserID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM totp_recovery_codes WHERE user_id = $1`, r.UserID)
		return err
	})
	return r, err
}
