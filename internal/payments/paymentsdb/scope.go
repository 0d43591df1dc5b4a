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

// cycleWhere narrows cycles to the programmes the institutions run and, when set, to one
// programme and one status.
func cycleWhere(institutions []int64, program, status string) (string, db.Args) {
	var args db.Args
	w := `i.id IN (` + db.In(&args, institutions) + `)`
	if program != "" {
		w += ` AND g.code = ` + args.Add(program)
	}
	if status != "" {
		w += ` AND c.status = ` + args.Add(status)
	}
	return w, args
}

// CyclePage lists the filtered cycles newest first, a keyset page (ids below before) at a time.
func (s *Store) CyclePage(ctx context.Context, institutions []int64, program, status string, before int64, limit int) ([]payments.Cycle, error) {
	if len(institutions) == 0 {
		return nil, nil
	}
	w, args := cycleWhere(institutions, program, status)
	if before != 0 {
		w += ` AND c.id < ` + args.Add(before)
	}
	return db.Collect(ctx, s.db, scanCycle, `SELECT `+cycleColumns+` FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		JOIN institutions i ON i.code = g.institution WHERE `+w+` ORDER BY c.id DESC LIMIT `+args.Add(limit), args...)
}

// CountCycles counts the filtered cycles.
func (s *Store) CountCycles(ctx context.Context, institutions []int64, program, status string) (int64, error) {
	if len(institutions) == 0 {
		return 0, nil
	}
	w, args := cycleWhere(institutions, program, status)
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_cycles c JOIN programs g ON g.id = c.program_id
		JOIN institutions i ON i.code = g.institution WHERE `+w, args...).Scan(&n)
	return n, err
}
