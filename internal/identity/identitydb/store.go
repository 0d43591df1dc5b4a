// Package identitydb stores staff accounts, institutions, sessions and tokens.
package identitydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Store implements identity.Store.
type Store struct{ db *db.DB }

// New returns a store over d.
func New(d *db.DB) *Store { return &Store{db: d} }

var _ identity.Store = (*Store)(nil)

// Institutions lists institutions by id.
func (s *Store) Institutions(ctx context.Context) ([]identity.Institution, error) {
	out, err := db.Collect(ctx, s.db, func(row db.Scanner) (i identity.Institution, err error) {
		err = row.Scan(&i.ID, &i.Code, &i.ParentID, &i.Name, &i.ShortName)
		return
	}, `SELECT id, code, COALESCE(parent_id, 0), name, short_name FROM institutions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("institutions: %w", err)
	}
	return out, nil
}

// CreateInstitution inserts i and sets its id.
func (s *Store) CreateInstitution(ctx context.Context, i *identity.Institution) error {
	err := s.db.QueryRowContext(ctx, `INSERT INTO institutions (code, parent_id, name, short_name)
		VALUES ($1, $2, $3, $4) RETURNING id`, i.Code, db.NullID(i.ParentID), i.Name, i.ShortName).Scan(&i.ID)
	if err != nil {
		return fmt.Errorf("create institution %s: %w", i.Code, err)
	}
	return nil
}

// CreateServicePoint inserts sp and sets its id.
func (s *Store) CreateServicePoint(ctx context.Context, sp *identity.ServicePoint) error {
	err := s.db.QueryRowContext(ctx, `INSERT INTO service_points (code, institution_id, place_id, name)
		VALUES ($1, $2, $3, $4) RETURNING id`, sp.Code, sp.InstitutionID, db.NullID(sp.PlaceID), sp.Name).Scan(&sp.ID)
	if err != nil {
		return fmt.Errorf("create service point %s: %w", sp.Code, err)
	}
	return nil
}

// ServicePoints lists service points by id.
func (s *Store) ServicePoints(ctx context.Context) ([]identity.ServicePoint, error) {
	out, err := db.Collect(ctx, s.db, func(row db.Scanner) (sp identity.ServicePoint, err error) {
		err = row.Scan(&sp.ID, &sp.Code, &sp.InstitutionID, &sp.PlaceID, &sp.Name)
		return
	}, `SELECT id, code, institution_id, COALESCE(place_id, 0), name FROM service_points ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("service points: %w", err)
	}
	return out, nil
}

// CreateUser inserts u with its grants; a taken login is fail.ErrDuplicate.
func (s *Store) CreateUser(ctx context.Context, u *identity.User) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var taken int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login = $1`, u.Login).Scan(&taken)
		if taken > 0 {
			return fmt.Errorf("user %s: %w", u.Login, fail.ErrDuplicate)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (uuid, login, full_name, password_hash, lang, active, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.UUID, u.Login, u.FullName, u.PasswordHash, u.Lang, u.Active, u.CreatedAt).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return insertGrants(ctx, tx, u.ID, u.Grants)
	})
}

func insertGrants(ctx context.Context, tx *sql.Tx, userID int64, grants []authz.Grant) error {
	for _, g := range grants {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, institution_id) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, userID, string(g.Role), g.InstitutionID)
		if err != nil {
			return fmt.Errorf("grant %s: %w", g.Role, err)
		}
	}
	return nil
}

// SetGrants replaces the user's grants.
func (s *Store) SetGrants(ctx context.Context, userID int64, grants []authz.Grant) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return insertGrants(ctx, tx, userID, grants)
	})
}

const userColumns = `id, uuid, login, full_name, password_hash, lang, active, created_at`

func scanUser(row db.Scanner) (u identity.User, err error) {
	err = row.Scan(&u.ID, &u.UUID, &u.Login, &u.FullName, &u.PasswordHash, &u.Lang, &u.Active, &u.CreatedAt)
	return
}

func (s *Store) user(ctx context.Context, where string, arg any) (identity.User, error) {
	u, err := db.One(ctx, s.db, "user", scanUser, `SELECT `+userColumns+` FROM users WHERE `+where, arg)
	if err != nil {
		return u, err
	}
	u.Grants, err = s.grants(ctx, u.ID)
	return u, err
}

// UserByLogin loads a user with grants.
func (s *Store) UserByLogin(ctx context.Context, login string) (identity.User, error) {
	return s.user(ctx, "login = $1", login)
}

// UserByID loads a user with grants.
func (s *Store) UserByID(ctx context.Context, id int64) (identity.User, error) {
	return s.user(ctx, "id = $1", id)
}

func (s *Store) grants(ctx context.Context, userID int64) ([]authz.Grant, error) {
	out, err := db.Collect(ctx, s.db, func(row db.Scanner) (g authz.Grant, err error) {
		err = row.Scan(&g.Role, &g.InstitutionID)
		return
	}, `SELECT role, institution_id FROM user_roles WHERE user_id = $1 ORDER BY institution_id, role`, userID)
	if err != nil {
		return nil, fmt.Errorf("grants: %w", err)
	}
	return out, nil
}

// Users lists users after afterLogin in login order, with their grants.
func (s *Store) Users(ctx context.Context, afterLogin string, limit int) ([]identity.User, error) {
	out, err := db.Collect(ctx, s.db, scanUser, `SELECT `+userColumns+` FROM users WHERE login > $1 ORDER BY login LIMIT $2`, afterLogin, limit)
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

// SetLang stores the user's interface language.
func (s *Store) SetLang(ctx context.Context, userID int64, lang string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET lang = $1 WHERE id = $2`, lang, userID)
	return err
}

// SetActive enables or disables the user. Disabling also revokes all the user's API tokens
// and ends their sessions, in the same transaction, whoever the caller.
func (s *Store) SetActive(ctx context.Context, userID int64, active bool) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = $1 WHERE id = $2`, active, userID); err != nil {
			return err
		}
		if active {
			return nil
		}
		return dropCredentials(ctx, tx, userID)
	})
}

// SetPassword stores a new password hash; the user's API tokens are revoked and their
// sessions ended with it, so that whoever knew the old password keeps nothing.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID); err != nil {
			return err
		}
		return dropCredentials(ctx, tx, userID)
	})
}
