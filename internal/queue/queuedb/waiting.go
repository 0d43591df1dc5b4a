package queuedb

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/queue"
)

// WaitingByService counts a centre's waiting tickets of a day per service (on the index of
// centre, day, status) and reads the issue time of each service's first ticket, by its id
// rather than by MIN over a timestamp, which SQLite would hand back as text.
func (s *Store) WaitingByService(ctx context.Context, centreID int64, day clock.Date) ([]queue.ServiceWait, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (w queue.ServiceWait, err error) {
		err = row.Scan(&w.ServiceCode, &w.ServiceName, &w.Waiting, &w.OldestSince)
		return
	}, `SELECT sv.code, sv.name, g.n, o.issued_at
		FROM (SELECT service_id, COUNT(*) AS n, MIN(id) AS first FROM queue_tickets
			WHERE service_point_id = $1 AND day = $2 AND status = 'waiting' GROUP BY service_id) g
		JOIN queue_tickets o ON o.id = g.first
		JOIN services sv ON sv.id = g.service_id
		ORDER BY o.issued_at, sv.code`, centreID, day.String())
}
