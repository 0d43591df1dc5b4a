package paymentsdb

import (
	"context"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/db"
)

// CyclesIn lists the cycles of the programmes run by the given institutions, newest first,
// a keyset page at a time.
func (s *Store) CyclesIn(ctx context.Context, institutions []int64, before int64, limit int) ([]payments.Cycle, error) {
	if len(institutions) == 0 {
		return nil, nil
	}
	args := db.Args{before}
	in := db.In(&args, institutions)
	return db.Collect(ctx, s.db, scanCycle, `SELECT `+cycleColumns+` FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		JOIN institutions i ON i.code = g.institution
		WHERE ($1 = 0 OR c.id < $1) AND i.id IN (`+in+`) ORDER BY c.id DESC LIMIT `+args.Add(limit), args...)
}
