package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
)

// GenerateEntitlements adds n active TSSA entitlements over the living adults with a bank
// account (one each while they last), with start dates spread over the last year so that
// payroll meets back pay as it would in life. It writes in chunks, so n may be millions.
func GenerateEntitlements(ctx context.Context, d *db.DB, n int, today clock.Date, progress func(done, total int)) error {
	var program int64
	if err := d.QueryRowContext(ctx, `SELECT id FROM programs WHERE code = 'TSSA'`).Scan(&program); err != nil {
		return fmt.Errorf("demo entitlements need the demo programmes: %w", err)
	}
	persons, err := payees(ctx, d)
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(uint64(n), 11))
	now := time.Now().UTC().Truncate(time.Microsecond)
	cols := []string{"uuid", "program_id", "person_id", "start_date", "end_date", "amount", "status", "status_reason", "status_since", "version", "created_at", "updated_at"}
	for done := 0; done < n; {
		rows := make([][]any, 0, chunk)
		for ; done < n && len(rows) < chunk; done++ {
			start := clock.NewDate(today.Year, today.Month-time.Month(rnd.IntN(12)), 1)
			end := clock.NewDate(start.Year, start.Month+12, 1).AddDays(-1)
			amount := int64(5000 + rnd.IntN(85000))
			rows = append(rows, []any{uuid.Must(uuid.NewV7()).String(), program, persons[done%len(persons)], start, end, amount,
				"active", "demo", start, 1, now, now})
		}
		if _, err := d.BulkInsert(ctx, "entitlements", cols, &db.SliceRows{Data: rows}); err != nil {
			return err
		}
		if progress != nil {
			progress(done, n)
		}
	}
	return nil
}

// payees lists the living persons with a bank account, in id order.
func payees(ctx context.Context, d *db.DB) ([]int64, error) {
	rows, err := d.QueryContext(ctx, `SELECT id FROM persons WHERE iban <> '' AND death_date IS NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("demo entitlements need persons with bank accounts")
	}
	return ids, rows.Err()
}
