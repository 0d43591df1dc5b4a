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
			return incomeLine(ctx, q, c, v)
		},
	}
}

// incomeLine checks one line of an income file and returns what stores it. (importer's
// Outcome values are registry's, in the same order.)
func incomeLine(ctx context.Context, q db.Querier, c clock.Clock, v map[string]string) (importer.Store, error) {
	inc, err := registry.CheckIncome(registry.IncomeInput{Month: v["month"], Amount: v["amount"], Source: v["source"]}, clock.Today(c))
	var errs fail.Fields
	errors.As(err, &errs)
	var there storedIncome
	fin, ok := registry.NormalizeFIN(v["fin"])
	if !ok {
		errs = append(fail.Fields{{Name: "fin", Key: "invalid.fin"}}, errs...)
	} else if found, err := lookupIncome(ctx, q, fin, &inc, &there, len(errs) > 0); err != nil {
		return nil, err
	} else if !found {
		errs = append(fail.Fields{{Name: "fin", Key: "invalid.income_unknown_fin"}}, errs...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return func(ctx context.Context, tx *sql.Tx) (importer.Outcome, error) {
		inc.RecordedBy, inc.RecordedAt = authz.Actor(ctx), c.Now()
		o, err := writeIncome(ctx, tx, &inc, there)
		return importer.Outcome(o), err
	}, nil
}

// lookupIncome finds the person with fin and the record already stored for inc's month and
// source, in one query — only the person when the line is bad anyway (its month may not be
// a date a query can take). It sets inc.PersonID.
func lookupIncome(ctx context.Context, q db.Querier, fin string, inc *registry.IncomeRecord, there *storedIncome, bad bool) (bool, error) {
	var row *sql.Row
	if bad {
		row = q.QueryRowContext(ctx, `SELECT id, NULL, NULL FROM persons WHERE fin = $1`, fin)
	} else {
		row = q.QueryRowContext(ctx, `SELECT p.id, i.id, i.amount FROM persons p
			LEFT JOIN person_incomes i ON i.person_id = p.id AND i.month = $2 AND i.source = $3
			WHERE p.fin = $1`, fin, inc.Month.First(), inc.Source)
	}
	err := row.Scan(&inc.PersonID, &there.ID, &there.Amount)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
