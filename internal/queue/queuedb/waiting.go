package queuedb

import (
	"context"
	"database/sql"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
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

// QueueByDay aggregates closed visits of a period per day and centre, as QueueStats does per
// service and operator: the share within the standard is each visit's service time against
// its own service's standard.
func (s *Store) QueueByDay(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueDay, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (d servicedesk.QueueDay, err error) {
		var wait, within sql.NullFloat64
		err = row.Scan(&d.Day, &d.CentreCode, &d.CentreName, &d.Visits, &wait, &within)
		d.AvgWait, d.WithinStandard = wait.Float64, within.Float64
		return
	}, `SELECT t.day, sp.code, sp.name, COUNT(*), AVG(t.wait_seconds),
		AVG(CASE WHEN t.service_seconds <= sv.front_minutes * 60 THEN 1.0 ELSE 0.0 END)
		FROM queue_tickets t JOIN services sv ON sv.id = t.service_id JOIN service_points sp ON sp.id = t.service_point_id
		WHERE t.status = 'done' AND t.day >= $1 AND t.day <= $2 AND (t.service_point_id = $3 OR $3 = 0)
		GROUP BY t.day, sp.code, sp.name ORDER BY t.day, sp.code`,
		f.From.String(), f.To.String(), f.CentreID)
}
