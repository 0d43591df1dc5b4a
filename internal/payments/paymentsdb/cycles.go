// Package paymentsdb stores payment cycles, lines, files and statements. Preparation reads
// entitlements joined with the registry's persons in one set-based query per batch: the
// payroll is where a join across domains is worth more than an interface.
package paymentsdb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Store implements payments.Store.
type Store struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns the store.
func New(d *db.DB, a *audit.Log, c clock.Clock) *Store { return &Store{db: d, audit: a, clock: c} }

var _ payments.Store = (*Store)(nil)

const cycleColumns = `c.id, c.uuid, c.program_id, g.code, c.period, c.status, c.prepared_by, c.started_at,
	c.prepared_at, c.approved_by, c.approved_at`

func scanCycle(row interface{ Scan(...any) error }) (payments.Cycle, error) {
	var c payments.Cycle
	var period string
	var prepared, approved sql.NullTime
	err := row.Scan(&c.ID, &c.UUID, &c.ProgramID, &c.Program, &period, &c.Status, &c.PreparedBy, &c.StartedAt,
		&prepared, &c.ApprovedBy, &approved)
	c.PreparedAt, c.ApprovedAt = prepared.Time, approved.Time
	if err != nil {
		return c, err
	}
	c.Period, err = clock.ParseMonth(period)
	return c, err
}

// CreateCycle inserts a cycle in status preparing; the (programme, period) key refuses a second.
func (s *Store) CreateCycle(ctx context.Context, c *payments.Cycle, e audit.Entry, then ...func(tx *sql.Tx) error) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO payment_cycles (uuid, program_id, period, status, prepared_by, started_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.UUID, c.ProgramID, c.Period.String(), c.Status, c.PreparedBy, c.StartedAt).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("create cycle: %w", err)
		}
		for _, fn := range then {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// Cycle finds a programme's cycle for a period.
func (s *Store) Cycle(ctx context.Context, program string, period clock.Month) (payments.Cycle, error) {
	return db.One(ctx, s.db, "payment cycle", scanCycle, `SELECT `+cycleColumns+` FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		WHERE g.code = $1 AND c.period = $2`, program, period.String())
}

// CycleByID loads a cycle.
func (s *Store) CycleByID(ctx context.Context, id int64) (payments.Cycle, error) {
	return db.One(ctx, s.db, "payment cycle", scanCycle, `SELECT `+cycleColumns+` FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		WHERE c.id = $1`, id)
}

// Cycles lists cycles newest first, before an id.
func (s *Store) Cycles(ctx context.Context, before int64, limit int) ([]payments.Cycle, error) {
	return db.Collect(ctx, s.db, scanCycle, `SELECT `+cycleColumns+` FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		WHERE ($1 = 0 OR c.id < $1) ORDER BY c.id DESC LIMIT $2`, before, limit)
}

// ResumePoint is the last entitlement whose regular line is written: batches are written
// atomically in entitlement order, so everything up to it is done.
func (s *Store) ResumePoint(ctx context.Context, cycleID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(entitlement_id), 0) FROM payment_lines WHERE cycle_id = $1 AND kind = 'regular'`, cycleID).Scan(&id)
	return id, err
}

// CountEntitlements counts a programme's entitlements, for progress.
func (s *Store) CountEntitlements(ctx context.Context, programID int64) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entitlements WHERE program_id = $1`, programID).Scan(&n)
	return n, err
}

// FinishPreparation marks the cycle prepared.
func (s *Store) FinishPreparation(ctx context.Context, c payments.Cycle, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE payment_cycles SET status = $1, prepared_at = $2 WHERE id = $3`, c.Status, s.clock.Now(), c.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// Totals counts and sums the cycle's lines by status.
func (s *Store) Totals(ctx context.Context, cycleID int64) (payments.Totals, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*), COALESCE(SUM(net), 0) FROM payment_lines WHERE cycle_id = $1 GROUP BY status`, cycleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := payments.Totals{}
	for rows.Next() {
		var st string
		var t payments.StatusTotal
		var net int64
		if err := rows.Scan(&st, &t.Lines, &net); err != nil {
			return nil, err
		}
		t.Net = money.Amount(net)
		out[st] = t
	}
	return out, rows.Err()
}

// Approve marks the cycle approved, defers its exception lines and books its recoveries.
func (s *Store) Approve(ctx context.Context, c payments.Cycle, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE payment_cycles SET status = $1, approved_by = $2, approved_at = $3
			WHERE id = $4 AND status = 'prepared'`, c.Status, c.ApprovedBy, c.ApprovedAt, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("cycle changed meanwhile: %w", fail.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payment_lines SET status = 'cancelled', reason = 'deferred at approval: ' || reason
			WHERE cycle_id = $1 AND status = 'exception'`, c.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE recoveries SET remaining = remaining - (SELECT l.deduction FROM payment_lines l
				WHERE l.cycle_id = $1 AND l.kind = 'regular' AND l.entitlement_id = recoveries.entitlement_id)
			WHERE id IN (SELECT MIN(r.id) FROM recoveries r JOIN payment_lines l ON l.entitlement_id = r.entitlement_id
				WHERE l.cycle_id = $1 AND l.kind = 'regular' AND l.deduction > 0 AND l.status IN ('pending', 'withheld') AND r.remaining > 0
				GROUP BY r.entitlement_id)`, c.ID)
		if err != nil {
			return fmt.Errorf("book recoveries: %w", err)
		}
		return s.audit.Append(ctx, tx, e)
	})
}
