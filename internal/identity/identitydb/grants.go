package identitydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// RequestGrant stores a pending grant and sets its id and UUID.
func (s *Store) RequestGrant(ctx context.Context, g *identity.GrantRequest) error {
	g.UUID = uuid.Must(uuid.NewV7()).String()
	err := s.db.QueryRowContext(ctx, `INSERT INTO grant_requests (uuid, user_id, role, institution_id, requested_by, requested_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id`,
		g.UUID, g.UserID, string(g.Role), g.InstitutionID, db.NullID(g.RequestedBy), g.RequestedAt).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("request grant: %w", err)
	}
	return nil
}

const grantColumns = `g.id, g.uuid, g.user_id, u.login, u.full_name, g.role, g.institution_id, COALESCE(g.requested_by, 0),
	COALESCE(q.login, 'system'), g.requested_at, g.status, g.reason, u.phone, u.email
	FROM grant_requests g JOIN users u ON u.id = g.user_id LEFT JOIN users q ON q.id = g.requested_by`

func scanGrant(sc interface{ Scan(...any) error }) (identity.GrantRequest, error) {
	var g identity.GrantRequest
	var u identity.User
	err := sc.Scan(&g.ID, &g.UUID, &g.UserID, &g.UserLogin, &g.UserName, &g.Role, &g.InstitutionID, &g.RequestedBy,
		&g.RequesterName, &g.RequestedAt, &g.Status, &g.Reason, &u.Phone, &u.Email)
	g.UserContact = u.MaskedContact()
	return g, err
}

// GrantRequests lists pending grants in scope's institutions (all when scope is nil).
func (s *Store) GrantRequests(ctx context.Context, scope []int64) ([]identity.GrantRequest, error) {
	var args db.Args
	where := `g.status = 'pending'`
	if scope != nil {
		where += ` AND g.institution_id IN (` + db.In(&args, scope) + `)`
	}
	out, err := db.Collect(ctx, s.db, scanGrant, `SELECT `+grantColumns+` WHERE `+where+` ORDER BY g.id LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("grant requests: %w", err)
	}
	return out, nil
}

// GrantRequest loads one grant request.
func (s *Store) GrantRequest(ctx context.Context, id string) (identity.GrantRequest, error) {
	return db.One(ctx, s.db, "grant request", scanGrant, `SELECT `+grantColumns+` WHERE g.uuid = $1`, id)
}

// DecideGrant records the decision on a pending request and, when approved, adds the grant,
// in one transaction; a request decided meanwhile is fail.ErrConflict.
func (s *Store) DecideGrant(ctx context.Context, g identity.GrantRequest) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE grant_requests SET status = $1, decided_by = $2, decided_at = $3, reason = $4
			WHERE id = $5 AND status = 'pending'`, g.Status, db.NullID(g.DecidedBy), g.DecidedAt, g.Reason, g.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("grant request: %w", fail.ErrConflict)
		}
		if g.Status != identity.GrantApproved {
			return nil
		}
		if err := s.compatible(ctx, tx, g.UserID, g.Role); err != nil {
			return err
		}
		return insertGrants(ctx, tx, g.UserID, []authz.Grant{{Role: g.Role, InstitutionID: g.InstitutionID}})
	})
}

// compatible checks role against the roles the account holds, under a lock on the account's
// row: two incompatible requests approved at the same moment are checked one after the other,
// so the second sees the first (the service checked before, without a lock).
func (s *Store) compatible(ctx context.Context, tx *sql.Tx, userID int64, role authz.Role) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE id = $1`+s.db.ForUpdate(), userID).Scan(&id); err != nil {
		return err
	}
	held, err := db.Collect(ctx, tx, func(row db.Scanner) (r authz.Role, err error) {
		err = row.Scan(&r)
		return
	}, `SELECT role FROM user_roles WHERE user_id = $1`, userID)
	if err != nil {
		return err
	}
	for _, h := range held {
		if c, bad := authz.Conflicting(h, role); bad {
			return fmt.Errorf("%s beside %s: %s: %w", role, h, c.Why, fail.ErrConflict)
		}
	}
	return nil
}

// RevokeGrant removes one grant.
func (s *Store) RevokeGrant(ctx context.Context, userID int64, g authz.Grant) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND institution_id = $3`,
		userID, string(g.Role), g.InstitutionID)
	return err
}
