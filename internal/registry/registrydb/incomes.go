package registrydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// IncomeTotal sums the incomes of the persons over the months from (inclusive) to to
// (exclusive).
func (s *Store) IncomeTotal(ctx context.Context, personIDs []int64, from, to clock.Date) (money.Amount, error) {
	if len(personIDs) == 0 {
		return 0, nil
	}
	args := []any{from, to}
	marks := make([]string, len(personIDs))
	for i, id := range personIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	var total int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM person_incomes
		WHERE month >= $1 AND month < $2 AND person_id IN (`+strings.Join(marks, ", ")+`)`, args...).Scan(&total)
	return money.Amount(total), err
}

// Incomes reads a person's income records in months [from, to), newest first.
func (s *Store) Incomes(ctx context.Context, personID int64, from, to clock.Date) ([]registry.IncomeRecord, error) {
	return db.Collect(ctx, s.db, scanIncome, `SELECT id, person_id, month, amount, source, recorded_by, recorded_at
		FROM person_incomes WHERE person_id = $1 AND month >= $2 AND month < $3 ORDER BY month DESC, source`, personID, from, to)
}

func scanIncome(row db.Scanner) (registry.IncomeRecord, error) {
	var inc registry.IncomeRecord
	var month clock.Date
	var at sql.NullTime
	err := row.Scan(&inc.ID, &inc.PersonID, &month, &inc.Amount, &inc.Source, &inc.RecordedBy, &at)
	inc.Month, inc.RecordedAt = clock.MonthOf(month), at.Time
	return inc, err
}

// SaveIncome writes inc with the audit entry in one transaction.
func (s *Store) SaveIncome(ctx context.Context, inc *registry.IncomeRecord, e audit.Entry) (registry.Outcome, error) {
	var o registry.Outcome
	err := s.db.InTx(ctx, func(tx *sql.Tx) (err error) {
		if o, err = SaveIncomeTx(ctx, tx, inc); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
	return o, err
}

// SaveIncomeTx writes inc in tx: a new record for its person, month and source, or a new
// amount for the one there, or nothing when the amount is the same — so that the same
// record entered or imported twice is one record. It sets inc.ID.
func SaveIncomeTx(ctx context.Context, tx db.Querier, inc *registry.IncomeRecord) (registry.Outcome, error) {
	var there storedIncome
	err := tx.QueryRowContext(ctx, `SELECT id, amount FROM person_incomes WHERE person_id = $1 AND month = $2 AND source = $3`,
		inc.PersonID, inc.Month.First(), inc.Source).Scan(&there.ID, &there.Amount)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return registry.Unchanged, err
	}
	return writeIncome(ctx, tx, inc, there)
}

// storedIncome is the record already stored for a person, month and source, if any (ID is
// not Valid when there is none).
type storedIncome struct {
	ID     sql.NullInt64
	Amount sql.NullInt64
}

// writeIncome inserts inc, or updates the stored record when the amount differs.
func writeIncome(ctx context.Context, tx db.Querier, inc *registry.IncomeRecord, there storedIncome) (registry.Outcome, error) {
	switch {
	case !there.ID.Valid:
		// ON CONFLICT: another writer (an import beside a card entry) may have stored the same
		// person, month and source since we looked; the later write wins, as an update would.
		err := tx.QueryRowContext(ctx, `INSERT INTO person_incomes (person_id, month, amount, source, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (person_id, month, source) DO UPDATE SET amount = excluded.amount, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
			RETURNING id`,
			inc.PersonID, inc.Month.First(), inc.Amount, inc.Source, inc.RecordedBy, inc.RecordedAt).Scan(&inc.ID)
		if err != nil {
			return registry.Added, err
		}
		if err := refreshIncomes(ctx, tx, inc.PersonID); err != nil {
			return registry.Added, err
		}
		return registry.Added, incomeChange(ctx, tx, inc, "")
	case money.Amount(there.Amount.Int64) == inc.Amount:
		inc.ID = there.ID.Int64
		return registry.Unchanged, nil
	}
	inc.ID = there.ID.Int64
	_, err := tx.ExecContext(ctx, `UPDATE person_incomes SET amount = $1, recorded_by = $2, recorded_at = $3 WHERE id = $4`,
		inc.Amount, inc.RecordedBy, inc.RecordedAt, inc.ID)
	if err != nil {
		return registry.Changed, err
	}
	if err := refreshIncomes(ctx, tx, inc.PersonID); err != nil {
		return registry.Changed, err
	}
	return registry.Changed, incomeChange(ctx, tx, inc, money.Amount(there.Amount.Int64).String())
}

// incomeChange records a new or corrected month of income in the person's history, as every
// change to a person's data is (who, when, old → new, source): a correction that turns a
// household's decision must show what the figure was. old is "" for a month added.
func incomeChange(ctx context.Context, tx db.Querier, inc *registry.IncomeRecord, old string) error {
	what := inc.Month.String() + " " + inc.Source + " "
	if old != "" {
		old = what + old
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_changes (person_id, field, old_value, new_value, actor_id, source, at)
		VALUES ($1, 'income', $2, $3, (SELECT id FROM users WHERE login = $4), $5, $6)`,
		inc.PersonID, old, what+inc.Amount.String(), inc.RecordedBy, inc.Source, inc.RecordedAt)
	if err != nil {
		return fmt.Errorf("record income change: %w", err)
	}
	return nil
}
