package paymentsdb

import (
	"context"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
)

// PaymentsOf lists a person's latest payment lines through the lines' entitlement index and
// records the read.
func (s *Store) PaymentsOf(ctx context.Context, personID int64, limit int, e audit.Entry) ([]payments.Payment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.period, p.code, l.net, l.status, l.reason
		FROM entitlements en JOIN payment_lines l ON l.entitlement_id = en.id JOIN payment_cycles c ON c.id = l.cycle_id
		JOIN programs p ON p.id = en.program_id WHERE en.person_id = $1 ORDER BY c.period DESC, l.cycle_id DESC, l.kind LIMIT $2`, personID, limit)
	if err != nil {
		return nil, err
	}
	out, err := db.CollectRows(rows, func(row db.Scanner) (p payments.Payment, err error) {
		err = row.Scan(&p.Period, &p.Program, &p.Net, &p.Status, &p.Reason)
		return
	})
	if err != nil {
		return nil, err
	}
	return out, s.audit.Record(ctx, e)
}
