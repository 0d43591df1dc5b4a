package programsdb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/programs"
)

const entitlementColumns = `id, uuid, program_id, person_id, COALESCE(decision_id, 0), start_date, end_date, amount,
	status, status_reason, status_since, version`

func scanEntitlement(row interface{ Scan(...any) error }) (programs.Entitlement, error) {
	var e programs.Entitlement
	var amount int64
	err := row.Scan(&e.ID, &e.UUID, &e.ProgramID, &e.PersonID, &e.DecisionID, &e.Start, &e.End, &amount,
		&e.Status, &e.StatusReason, &e.StatusSince, &e.Version)
	e.Amount = money.Amount(amount)
	return e, err
}

func (s *Store) insertEntitlement(ctx context.Context, tx *sql.Tx, e *programs.Entitlement, actor string) error {
	now := s.clock.Now()
	err := tx.QueryRowContext(ctx, `INSERT INTO entitlements (uuid, program_id, person_id, decision_id, start_date,
		end_date, amount, status, status_reason, status_since, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		e.UUID, e.ProgramID, e.PersonID, db.NullID(e.DecisionID), e.Start, e.End, int64(e.Amount), e.Status,
		e.StatusReason, e.StatusSince, e.Version, now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("insert entitlement: %w", err)
	}
	return event(ctx, tx, e.ID, e.Status, "decision", e.StatusSince, actor, now)
}

func (s *Store) updateEntitlement(ctx context.Context, tx *sql.Tx, e programs.Entitlement, actor string) error {
	res, err := tx.ExecContext(ctx, `UPDATE entitlements SET amount = $1, status = $2, status_reason = $3,
		status_since = $4, version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7`,
		int64(e.Amount), e.Status, e.StatusReason, e.StatusSince, s.clock.Now(), e.ID, e.Version)
	if err != nil {
		return fmt.Errorf("update entitlement: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("entitlement %s: %w", e.UUID, fail.ErrConflict)
	}
	return event(ctx, tx, e.ID, e.Status, e.StatusReason, e.StatusSince, actor, s.clock.Now())
}

func event(ctx context.Context, tx *sql.Tx, id int64, status, reason string, effective clock.Date, actor string, at any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO entitlement_events (entitlement_id, status, reason, effective, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, status, reason, effective, actor, at)
	return err
}

// EntitlementsOf lists a person's entitlements, newest first.
func (s *Store) EntitlementsOf(ctx context.Context, personID int64) ([]programs.Entitlement, error) {
	return db.Collect(ctx, s.db, scanEntitlement, `SELECT `+entitlementColumns+` FROM entitlements WHERE person_id = $1 ORDER BY id DESC`, personID)
}

// EntitlementByDecision loads the entitlement a decision opened.
func (s *Store) EntitlementByDecision(ctx context.Context, decisionID int64) (programs.Entitlement, error) {
	return db.One(ctx, s.db, "entitlement", scanEntitlement, `SELECT `+entitlementColumns+` FROM entitlements WHERE decision_id = $1`, decisionID)
}

// EntitlementByUUID loads an entitlement by its public id.
func (s *Store) EntitlementByUUID(ctx context.Context, id string) (programs.Entitlement, error) {
	return db.One(ctx, s.db, "entitlement", scanEntitlement, `SELECT `+entitlementColumns+` FROM entitlements WHERE uuid = $1`, id)
}

// SetEntitlementStatus writes a status change if nobody changed the entitlement meanwhile.
func (s *Store) SetEntitlementStatus(ctx context.Context, e programs.Entitlement, actor string, a audit.Entry) (programs.Entitlement, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.updateEntitlement(ctx, tx, e, actor); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, a)
	})
	e.Version++
	return e, err
}

// ApplyLifeEvents suspends the entitlements of the dead from the month after death and
// terminates monthly entitlements whose award period has ended: two set-based passes, each
// recording its events in the same transaction.
func (s *Store) ApplyLifeEvents(ctx context.Context, day clock.Date, actor string) (suspended, ended int64, err error) {
	nextMonth := `date(p.death_date, 'start of month', '+1 month')`
	dayAfter := `date(e.end_date, '+1 day')`
	if s.db.Dialect == db.Postgres {
		nextMonth = `(date_trunc('month', p.death_date) + interval '1 month')::date`
		dayAfter = `(e.end_date + 1)`
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		suspended, err = s.sweep(ctx, tx, lifeEvent{programs.StatusSuspended, "death recorded", nextMonth,
			`FROM entitlements e JOIN persons p ON p.id = e.person_id
			WHERE e.status = 'active' AND p.death_date IS NOT NULL AND p.death_date < $1`}, day, actor)
		if err != nil {
			return err
		}
		ended, err = s.sweep(ctx, tx, lifeEvent{programs.StatusTerminated, "award period ended", dayAfter,
			`FROM entitlements e JOIN programs g ON g.id = e.program_id
			WHERE e.status IN ('active', 'suspended') AND g.kind = 'monthly'
			AND e.end_date IS NOT NULL AND e.end_date < $1`}, day, actor)
		return err
	})
	return suspended, ended, err
}

// lifeEvent is one sweep: the status it moves entitlements to, why, from when (an SQL
// expression), and which entitlements (FROM … WHERE, with the day as $1).
type lifeEvent struct {
	status, reason, effective, from string
}

// sweep records an event for every entitlement the selection finds, then moves exactly those
// entitlements — the events with ids above the mark taken first — to the new status.
func (s *Store) sweep(ctx context.Context, tx *sql.Tx, ev lifeEvent, day clock.Date, actor string) (int64, error) {
	var mark int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM entitlement_events`).Scan(&mark); err != nil {
		return 0, err
	}
	at := "$5"
	if s.db.Dialect == db.Postgres {
		at = "$5::timestamptz"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO entitlement_events (entitlement_id, status, reason, effective, actor, at)
		SELECT e.id, $2, $3, `+ev.effective+`, $4, `+at+` `+ev.from, day, ev.status, ev.reason, actor, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("life events %s: %w", ev.status, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE entitlements SET status = $1, status_reason = $2,
		status_since = (SELECT ev.effective FROM entitlement_events ev WHERE ev.id > $3 AND ev.entitlement_id = entitlements.id),
		version = version + 1, updated_at = $4
		WHERE id IN (SELECT entitlement_id FROM entitlement_events WHERE id > $3)`, ev.status, ev.reason, mark, s.clock.Now())
	if err != nil {
		return 0, fmt.Errorf("life events %s: %w", ev.status, err)
	}
	return res.RowsAffected()
}
