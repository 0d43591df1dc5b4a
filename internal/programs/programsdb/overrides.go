package programsdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/programs"
)

// RequestOverride records an override held for a second person; a decision has at most one
// pending override (a unique index), so a second one is a duplicate.
func (s *Store) RequestOverride(ctx context.Context, r *programs.OverrideRequest, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var pending int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM override_requests WHERE decision_id = $1 AND status = 'pending'`, r.DecisionID).Scan(&pending)
		if pending > 0 {
			return fmt.Errorf("an override of this decision is already awaiting approval: %w", fail.ErrDuplicate)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO override_requests (uuid, decision_id, program_id, outcome, amount,
			old_amount, reason, requested_by, requested_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING id`,
			r.UUID, r.DecisionID, r.ProgramID, r.Outcome, int64(r.Amount), int64(r.OldAmount), r.Reason, r.RequestedBy, r.RequestedAt).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("request override: %w", err)
		}
		return s.audit.Append(ctx, tx, e)
	})
}

const overrideSelect = `SELECT o.id, o.uuid, o.decision_id, d.uuid, o.program_id, g.code, p.fin, o.outcome, o.amount,
	o.old_amount, o.reason, o.requested_by, o.requested_at, o.status, o.decided_by, o.note
	FROM override_requests o JOIN decisions d ON d.id = o.decision_id JOIN programs g ON g.id = o.program_id
	JOIN persons p ON p.id = d.person_id`

// OverrideRequests lists pending requests of programmes run by the given institutions, newest
// first, before a request id (0 for the first page).
func (s *Store) OverrideRequests(ctx context.Context, institutions []int64, beforeID int64, limit int) ([]programs.OverrideRequest, error) {
	rows, err := s.db.QueryContext(ctx, overrideSelect+` JOIN institutions i ON i.code = g.institution
		WHERE o.status = 'pending' AND ($1 = 0 OR o.id < $1) AND i.id IN (`+idList(institutions)+`)
		ORDER BY o.id DESC LIMIT $2`, beforeID, limit)
	if err != nil {
		return nil, err
	}
	return db.CollectRows(rows, scanOverride)
}

// OverrideRequest loads one request by its public id.
func (s *Store) OverrideRequest(ctx context.Context, id string) (programs.OverrideRequest, error) {
	return db.One(ctx, s.db, "override request", scanOverride, overrideSelect+` WHERE o.uuid = $1`, id)
}

func scanOverride(row interface{ Scan(...any) error }) (programs.OverrideRequest, error) {
	var r programs.OverrideRequest
	var amount, old int64
	err := row.Scan(&r.ID, &r.UUID, &r.DecisionID, &r.DecisionUUID, &r.ProgramID, &r.Program, &r.PersonFIN, &r.Outcome,
		&amount, &old, &r.Reason, &r.RequestedBy, &r.RequestedAt, &r.Status, &r.DecidedBy, &r.Note)
	r.Amount, r.OldAmount = money.Amount(amount), money.Amount(old)
	return r, err
}

// ApproveOverride marks the request approved and applies the override to the decision and
// its entitlement, with the audit entry, in one transaction; a request decided meanwhile is
// a conflict.
func (s *Store) ApproveOverride(ctx context.Context, r programs.OverrideRequest, d programs.Decision, ent *programs.Entitlement, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := decideRequest(ctx, tx, r); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE decisions SET outcome = $1, final_amount = $2, override_reason = $3,
			overridden_by = $4 WHERE id = $5`, d.Outcome, int64(d.FinalAmount), d.OverrideReason, d.OverriddenBy, d.ID)
		if err != nil {
			return fmt.Errorf("override: %w", err)
		}
		switch {
		case ent == nil:
		case ent.ID == 0:
			ent.DecisionID = d.ID
			err = s.insertEntitlement(ctx, tx, ent, d.OverriddenBy)
		default:
			err = s.updateEntitlement(ctx, tx, *ent, d.OverriddenBy)
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// RejectOverride marks the request rejected, with the audit entry.
func (s *Store) RejectOverride(ctx context.Context, r programs.OverrideRequest, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := decideRequest(ctx, tx, r); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

func decideRequest(ctx context.Context, tx *sql.Tx, r programs.OverrideRequest) error {
	res, err := tx.ExecContext(ctx, `UPDATE override_requests SET status = $1, decided_by = $2, decided_at = $3, note = $4
		WHERE id = $5 AND status = 'pending'`, r.Status, r.DecidedBy, r.DecidedAt.UTC().Truncate(time.Microsecond), r.Note, r.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("override request decided meanwhile: %w", fail.ErrConflict)
	}
	return nil
}

// idList renders institution ids as literal integers: they come from the principal's grants,
// never from user input. An empty list matches nothing.
func idList(ids []int64) string {
	if len(ids) == 0 {
		return "NULL"
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}
