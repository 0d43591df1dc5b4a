// Package appealsdb stores citizens' appeals and their history.
package appealsdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// Store implements appeals.Store.
type Store struct {
	db    *db.DB
	audit *audit.Log
}

// New returns the store.
func New(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a} }

var _ appeals.Store = (*Store)(nil)

// Create stores a received appeal, numbers it from its id, and writes its events, audit row
// and acknowledgement.
func (s *Store) Create(ctx context.Context, a *appeals.Appeal, e audit.Entry, tell func(appeals.Appeal) []notify.Message) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO appeals (uuid, number, channel, anonymous, person_id, applicant, contact, category,
			subject, body, institution_id, status, received_on, due_on, answer, answered_on, answered_by, registered_by, lang, created_at)
			VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
			a.UUID, a.Channel, a.Anonymous, db.NullID(a.PersonID), a.Applicant, a.Contact, a.Category, a.Subject, a.Body, a.InstitutionID,
			a.Status, a.ReceivedOn, a.DueOn, a.Answer, a.AnsweredOn, a.AnsweredBy, a.RegisteredBy, a.Lang, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return err
		}
		a.Number = fmt.Sprintf("M-%d-%06d", a.ReceivedOn.Year, a.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE appeals SET number = $1 WHERE id = $2`, a.Number, a.ID); err != nil {
			return err
		}
		for _, ev := range a.Events {
			if err := insertEvent(ctx, tx, a.ID, ev); err != nil {
				return err
			}
		}
		if err := s.audit.Append(ctx, tx, e); err != nil {
			return err
		}
		for _, m := range tell(*a) {
			if err := notify.Enqueue(ctx, tx, a.CreatedAt, m); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertEvent(ctx context.Context, tx *sql.Tx, id int64, ev appeals.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO appeal_events (appeal_id, action, actor, note, at) VALUES ($1, $2, $3, $4, $5)`,
		id, ev.Action, ev.Actor, ev.Note, ev.At)
	return err
}

const columns = `a.id, a.uuid, a.number, a.channel, a.anonymous, a.person_id, a.applicant, a.contact, a.category, a.subject, a.body,
	a.institution_id, i.code, a.status, a.received_on, a.due_on, a.extended, a.extend_reason, COALESCE(f.code, ''), a.forwarded_on,
	a.forwarded_late, a.answer, a.answered_on, a.answered_by, a.registered_by, a.assigned_to, a.assigned_by, a.assigned_at, a.lang, a.version, a.created_at`

const from = ` FROM appeals a JOIN institutions i ON i.id = a.institution_id LEFT JOIN institutions f ON f.id = a.forwarded_from`

func scan(row interface{ Scan(...any) error }) (appeals.Appeal, error) {
	var a appeals.Appeal
	var person sql.NullInt64
	var assigned sql.NullTime
	err := row.Scan(&a.ID, &a.UUID, &a.Number, &a.Channel, &a.Anonymous, &person, &a.Applicant, &a.Contact, &a.Category, &a.Subject, &a.Body,
		&a.InstitutionID, &a.Institution, &a.Status, &a.ReceivedOn, &a.DueOn, &a.Extended, &a.ExtendReason, &a.ForwardedFrom, &a.ForwardedOn,
		&a.ForwardedLate, &a.Answer, &a.AnsweredOn, &a.AnsweredBy, &a.RegisteredBy, &a.AssignedTo, &a.AssignedBy, &assigned, &a.Lang, &a.Version, &a.CreatedAt)
	a.PersonID, a.AssignedAt = person.Int64, assigned.Time
	return a, err
}

// ByUUID loads an appeal with its history.
func (s *Store) ByUUID(ctx context.Context, id string) (appeals.Appeal, error) {
	a, err := db.One(ctx, s.db, "appeal", scan, `SELECT `+columns+from+` WHERE a.uuid = $1`, id)
	if err != nil {
		return a, err
	}
	a.Events, err = db.Collect(ctx, s.db, func(row db.Scanner) (ev appeals.Event, err error) {
		err = row.Scan(&ev.Action, &ev.Actor, &ev.Note, &ev.At)
		return
	}, `SELECT action, actor, note, at FROM appeal_events WHERE appeal_id = $1 ORDER BY id`, a.ID)
	return a, err
}

// List returns appeals by filter, in the filter's order, a keyset page at a time (a
// citizen's newest first).
func (s *Store) List(ctx context.Context, f appeals.Filter) ([]appeals.Appeal, error) {
	where, args := filterWhere(f)
	where = append(where, after(f, &args)...)
	q := `SELECT ` + columns + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return db.Collect(ctx, s.db, scan, q+order(f)+" LIMIT "+args.Add(f.Limit), args...)
}

// Update stores an appeal's new state at the version it was read at.
func (s *Store) Update(ctx context.Context, a appeals.Appeal, ev appeals.Event, e audit.Entry, n []notify.Message) (appeals.Appeal, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var fwd any
		if a.ForwardedFrom != "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM institutions WHERE code = $1`, a.ForwardedFrom).Scan(&fwd); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE appeals SET institution_id = $1, status = $2, due_on = $3, extended = $4, extend_reason = $5,
			forwarded_from = $6, forwarded_on = $7, forwarded_late = $8, answer = $9, answered_on = $10, answered_by = $11,
			version = version + 1 WHERE id = $12 AND version = $13`,
			a.InstitutionID, a.Status, a.DueOn, a.Extended, a.ExtendReason, fwd, a.ForwardedOn, a.ForwardedLate, a.Answer, a.AnsweredOn,
			a.AnsweredBy, a.ID, a.Version)
		if err == nil && a.AssignedBy != "" {
			_, err = tx.ExecContext(ctx, `UPDATE appeals SET assigned_to = $1, assigned_by = $2, assigned_at = $3 WHERE id = $4 AND assigned_to = ''`,
				a.AssignedTo, a.AssignedBy, a.AssignedAt, a.ID)
		}
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fail.ErrConflict
		}
		if err := insertEvent(ctx, tx, a.ID, ev); err != nil {
			return err
		}
		if err := s.audit.Append(ctx, tx, e); err != nil {
			return err
		}
		for _, m := range n {
			if err := notify.Enqueue(ctx, tx, ev.At, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return a, err
	}
	return s.ByUUID(ctx, a.UUID)
}

// InstitutionID resolves an institution's code.
func (s *Store) InstitutionID(ctx context.Context, code string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM institutions WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fail.Fields{{Name: "institution", Key: "invalid.choice"}}
	}
	return id, err
}

// Stats counts a period's appeals per institution in one grouped query.
func (s *Store) Stats(ctx context.Context, from, to, today clock.Date) ([]appeals.Stat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.code, COUNT(*),
		SUM(CASE WHEN a.status = 'answered' THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status = 'answered' AND a.answered_on > a.due_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status = 'refused' THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status IN ('registered', 'in_progress') THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status IN ('registered', 'in_progress') AND a.due_on < $3 THEN 1 ELSE 0 END)
		FROM appeals a JOIN institutions i ON i.id = a.institution_id
		WHERE a.received_on >= $1 AND a.received_on <= $2 GROUP BY i.code ORDER BY i.code`, from, to, today)
	if err != nil {
		return nil, err
	}
	return db.CollectRows(rows, func(row db.Scanner) (st appeals.Stat, err error) {
		err = row.Scan(&st.Institution, &st.Received, &st.Answered, &st.AnsweredLate, &st.Refused, &st.Open, &st.Overdue)
		return
	})
}
