// Package queuedb stores the queue: tickets, numbered from a counter row per centre and day,
// their timings, and the rating request of a closed visit (through servicedeskdb, the one
// writer of the ratings table).
package queuedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskdb"
)

// Store implements queue.Store.
type Store struct{ db *db.DB }

// New returns the store.
func New(d *db.DB) *Store { return &Store{db: d} }

var _ queue.Store = (*Store)(nil)

const ticketColumns = `t.id, t.uuid, t.service_point_id, t.service_id, sv.code, t.day, t.seq, t.number, t.slot, t.person_id, t.status,
	t.desk, t.operator_id, t.issued_at, t.called_at, t.served_at, t.closed_at`

const ticketFrom = ` FROM queue_tickets t JOIN services sv ON sv.id = t.service_id`

func scanTicket(row db.Scanner) (queue.Ticket, error) {
	var t queue.Ticket
	var slot, called, served, closed sql.NullTime
	var person, operator sql.NullInt64
	err := row.Scan(&t.ID, &t.UUID, &t.CentreID, &t.ServiceID, &t.ServiceCode, &t.Day, &t.Seq, &t.Number, &slot, &person, &t.Status,
		&t.Desk, &operator, &t.IssuedAt, &called, &served, &closed)
	t.Slot, t.CalledAt, t.ServedAt, t.ClosedAt = slot.Time, called.Time, served.Time, closed.Time
	t.PersonID, t.OperatorID = person.Int64, operator.Int64
	return t, err
}

// IssueTicket numbers a walk-in ticket from the centre's counter for its day and stores it.
// The counter row serialises concurrent kiosks of one centre without retries.
func (s *Store) IssueTicket(ctx context.Context, t *queue.Ticket) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := nextNumber(ctx, tx, t); err != nil {
			return err
		}
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_tickets WHERE service_point_id = $1 AND day = $2 AND status = 'waiting'`,
			t.CentreID, t.Day.String()).Scan(&t.Ahead)
		return tx.QueryRowContext(ctx, `INSERT INTO queue_tickets (uuid, service_point_id, service_id, day, seq, number, slot, person_id, status, issued_at)
			VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, $7, $8) RETURNING id`,
			t.UUID, t.CentreID, t.ServiceID, t.Day.String(), t.Seq, t.Number, t.Status, t.IssuedAt).Scan(&t.ID)
	})
}

// BookTicket stores a citizen's booking of a slot, enforced by the database under any
// concurrency: the counter row of the centre's day, taken first, serialises bookings of that
// centre, so the slot's count read after it includes every booking committed before; and a
// unique index keeps a citizen to one visit a day across centres (a second insert does
// nothing). A full slot is queue.ErrSlotFull, a second visit queue.ErrBookedToday.
func (s *Store) BookTicket(ctx context.Context, t *queue.Ticket, capacity int) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := nextNumber(ctx, tx, t); err != nil {
			return err
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_tickets WHERE service_point_id = $1 AND day = $2 AND slot = $3 AND status <> 'cancelled'`,
			t.CentreID, t.Day.String(), t.Slot.UTC()).Scan(&n)
		if err != nil {
			return err
		}
		if n >= capacity {
			return queue.ErrSlotFull
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO queue_tickets (uuid, service_point_id, service_id, day, seq, number, slot, person_id, status, issued_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
			t.UUID, t.CentreID, t.ServiceID, t.Day.String(), t.Seq, t.Number, t.Slot.UTC(), t.PersonID, t.Status, t.IssuedAt).Scan(&t.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return queue.ErrBookedToday
		}
		return err
	})
}

// nextNumber takes the next number of the centre's day; the upsert locks the counter row
// until the transaction ends.
func nextNumber(ctx context.Context, tx *sql.Tx, t *queue.Ticket) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO queue_counters (service_point_id, day, last_seq) VALUES ($1, $2, 1)
		ON CONFLICT (service_point_id, day) DO UPDATE SET last_seq = queue_counters.last_seq + 1 RETURNING last_seq`,
		t.CentreID, t.Day.String()).Scan(&t.Seq)
	if err != nil {
		return fmt.Errorf("ticket number: %w", err)
	}
	t.Number = fmt.Sprintf("%s-%03d", t.Service.Letter(), t.Seq)
	return nil
}

// BookedInSlot counts the bookings of a centre's slot.
func (s *Store) BookedInSlot(ctx context.Context, centreID int64, slot time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_tickets WHERE service_point_id = $1 AND day = $2 AND slot = $3 AND status <> 'cancelled'`,
		centreID, clock.DateOf(slot).String(), slot.UTC()).Scan(&n)
	return n, err
}

// CheckIn turns today's booking with number into a waiting ticket, if it is the booking of
// the citizen with fin: a booking number alone is a counter anyone can guess.
func (s *Store) CheckIn(ctx context.Context, centreID int64, number, fin string, day clock.Date, now time.Time) (queue.Ticket, error) {
	id, err := db.One(ctx, s.db, "booking", db.Value[string], `UPDATE queue_tickets SET status = 'waiting', issued_at = $1
		WHERE service_point_id = $2 AND day = $3 AND number = $4 AND status = 'booked'
		AND person_id = (SELECT id FROM persons WHERE fin = $5) RETURNING uuid`,
		now, centreID, day.String(), number, fin)
	if err != nil {
		return queue.Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// CallNext takes the next waiting ticket for a desk. Booked visitors whose slot has come go
// first, then walk-ins in order. On PostgreSQL SKIP LOCKED lets desks call at once without
// waiting on each other; SQLite serialises writers anyway.
func (s *Store) CallNext(ctx context.Context, centreID int64, day clock.Date, desk string, operatorID int64, now time.Time) (queue.Ticket, error) {
	var id string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var tid int64
		var issued time.Time
		err := tx.QueryRowContext(ctx, `SELECT id, uuid, issued_at FROM queue_tickets WHERE service_point_id = $1 AND day = $2 AND status = 'waiting'
			ORDER BY CASE WHEN slot IS NOT NULL AND slot <= $3 THEN 0 ELSE 1 END, id LIMIT 1`+s.db.ForUpdateSkipLocked(), centreID, day.String(), now.Add(5*time.Minute)).Scan(&tid, &id, &issued)
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Fields{{Name: "queue", Key: "queue.empty"}}
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE queue_tickets SET status = 'called', desk = $1, operator_id = $2, called_at = $3,
			wait_seconds = $4 WHERE id = $5`, desk, operatorID, now, seconds(issued, now), tid)
		return err
	})
	if err != nil {
		return queue.Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// seconds is the whole seconds from a to b, computed here rather than in SQL: the two
// engines keep timestamps differently and share no date arithmetic.
func seconds(a, b time.Time) int64 { return int64(b.Sub(a).Round(time.Second) / time.Second) }

// Ticket loads a ticket.
func (s *Store) Ticket(ctx context.Context, id string) (queue.Ticket, error) {
	return db.One(ctx, s.db, "ticket", scanTicket, `SELECT `+ticketColumns+ticketFrom+` WHERE t.uuid = $1`, id)
}

// MoveTicket records a ticket's new status, its timings, and for a closed visit the rating
// request.
func (s *Store) MoveTicket(ctx context.Context, t queue.Ticket, to string, now time.Time, r *servicedesk.Rating) (queue.Ticket, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE queue_tickets SET status = $1, closed_at = $2 WHERE id = $3 AND status = $4`
		args := []any{to, now, t.ID, t.Status}
		switch to {
		case queue.Serving:
			q = `UPDATE queue_tickets SET status = $1, served_at = $2 WHERE id = $3 AND status = $4`
		case queue.Done:
			q = `UPDATE queue_tickets SET status = $1, closed_at = $2, service_seconds = $5 WHERE id = $3 AND status = $4`
			args = append(args, seconds(t.ServedAt, now))
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fail.ErrConflict
		}
		if r != nil {
			return servicedeskdb.InsertRating(ctx, tx, r)
		}
		return nil
	})
	if err != nil {
		return t, err
	}
	return s.Ticket(ctx, t.UUID)
}

// Board returns the last tickets called at a centre today and the number waiting.
func (s *Store) Board(ctx context.Context, centreID int64, day clock.Date) (queue.Board, error) {
	var b queue.Board
	rows, err := s.db.QueryContext(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.service_point_id = $1 AND t.day = $2
		AND t.status IN ('called', 'serving') ORDER BY t.called_at DESC LIMIT 12`, centreID, day.String())
	if err != nil {
		return b, err
	}
	if b.Called, err = db.CollectRows(rows, scanTicket); err != nil {
		return b, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_tickets WHERE service_point_id = $1 AND day = $2 AND status = 'waiting'`,
		centreID, day.String()).Scan(&b.Waiting)
	return b, err
}

// QueueStats aggregates closed visits of a period per service and operator.
func (s *Store) QueueStats(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sv.code, sv.name, COALESCE(u.login, ''), COUNT(*),
		AVG(t.wait_seconds), AVG(t.service_seconds), sv.front_minutes,
		AVG(CASE WHEN t.service_seconds <= sv.front_minutes * 60 THEN 1.0 ELSE 0.0 END)
		FROM queue_tickets t JOIN services sv ON sv.id = t.service_id LEFT JOIN users u ON u.id = t.operator_id
		WHERE t.status = 'done' AND t.day >= $1 AND t.day <= $2 AND (t.service_point_id = $3 OR $3 = 0)
		GROUP BY sv.code, sv.name, u.login, sv.front_minutes ORDER BY sv.code, 3`,
		f.From.String(), f.To.String(), f.CentreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []servicedesk.QueueRow
	for rows.Next() {
		var r servicedesk.QueueRow
		var name i18n.Text
		var wait, service, within sql.NullFloat64
		if err := rows.Scan(&r.ServiceCode, &name, &r.OperatorLogin, &r.Visits, &wait, &service, &r.StandardMinutes, &within); err != nil {
			return nil, err
		}
		r.ServiceName = name.In(i18n.Lang(ctx))
		r.AvgWait, r.AvgService, r.WithinStandard = wait.Float64, service.Float64, within.Float64
		out = append(out, r)
	}
	return out, rows.Err()
}

// CurrentTicket is the ticket an operator has called or is serving at a centre today.
func (s *Store) CurrentTicket(ctx context.Context, centreID, operatorID int64, day clock.Date) (queue.Ticket, error) {
	return db.One(ctx, s.db, "ticket", scanTicket, `SELECT `+ticketColumns+ticketFrom+` WHERE t.service_point_id = $1 AND t.day = $2
		AND t.operator_id = $3 AND t.status IN ('called', 'serving') ORDER BY t.called_at DESC LIMIT 1`, centreID, day.String(), operatorID)
}
