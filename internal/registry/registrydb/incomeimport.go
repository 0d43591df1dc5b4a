package registrydb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/registry"
)

// IncomeKind is the importer's kind for income records: one line per person, month and
// source, checked as the card checks them; the same line imported again is Unchanged.
const IncomeKind = "registry.income"

// IncomeImport declares income records to the importer.
func IncomeImport(c clock.Clock) importer.Kind {
	return importer.Kind{
		Name:    IncomeKind,
		Columns: []string{"fin", "month", "amount", "source"},
		Example: []string{"5ABCD12", "2026-10", "450.50", registry.IncomeSSPF},
		Entity:  "person_incomes", Purpose: "income import",
		Line: func(ctx context.Context, q db.Querier, v map[string]string) (importer.Store, error) {
			inc, err := registry.CheckIncome(registry.IncomeInput{Month: v["month"], Amount: v["amount"], Source: v["source"]}, clock.Today(c))
			var errs fail.Fields
			errors.As(err, &errs)
			fin, ok := registry.NormalizeFIN(v["fin"])
			if !ok {
				errs = append(fail.Fields{{Name: "fin", Key: "invalid.fin"}}, errs...)
			} else if err := q.QueryRowContext(ctx, `SELECT id FROM persons WHERE fin = $1`, fin).Scan(&inc.PersonID); errors.Is(err, sql.ErrNoRows) {
				errs = append(fail.Fields{{Name: "fin", Key: "invalid.income_unknown_fin"}}, errs...)
			} else if err != nil {
				return nil, err
			}
			if err := errs.Err(); err != nil {
				return nil, err
			}
			return func(ctx context.Context, tx *sql.Tx) (importer.Outcome, error) {
				inc.RecordedBy, inc.RecordedAt = authz.Actor(ctx), c.Now()
				o, err := SaveIncomeTx(ctx, tx, &inc)
				return importer.Outcome(o), err
			}, nil
		},
	}
}
