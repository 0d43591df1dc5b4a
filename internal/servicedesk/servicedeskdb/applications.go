package servicedeskdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/servicedesk"
)

const applicationColumns = `a.id, a.uuid, a.number, a.service_id, a.person_id, p.fin, p.last_name, p.first_name, p.patronymic,
	p.phone, p.email, a.institution_id, a.channel, a.service_point_id, a.ticket_id, a.status, a.outcome, a.filed_on, a.due_on,
	a.decided_on, a.refusal_ground, a.note, a.decision_uuid, a.filed_by, a.operator_id, a.assigned_to, a.assigned_by, a.assigned_at, a.escalated_at, a.lang,
	a.version, a.created_at`

const applicationFrom = ` FROM applications a JOIN persons p ON p.id = a.person_id`

func scanApplication(row db.Scanner) (servicedesk.Application, error) {
	var a servicedesk.Application
	var last, first, patronymic string
	var centre, ticket, operator sql.NullInt64
	var escalated, assigned sql.NullTime
	err := row.Scan(&a.ID, &a.UUID, &a.Number, &a.ServiceID, &a.PersonID, &a.PersonFIN, &last, &first, &patronymic,
		&a.PersonPhone, &a.PersonEmail, &a.InstitutionID, &a.Channel, &centre, &ticket, &a.Status, &a.Outcome, &a.FiledOn, &a.DueOn,
		&a.DecidedOn, &a.RefusalGround, &a.Note, &a.DecisionUUID, &a.FiledBy, &operator, &a.AssignedTo, &a.AssignedBy, &assigned, &escalated, &a.Lang,
		&a.Version, &a.CreatedAt)
	if err != nil {
		return a, err
	}
	a.PersonName = strings.TrimSpace(last + " " + first + " " + patronymic)
	a.CentreID, a.TicketID, a.OperatorID, a.EscalatedAt = centre.Int64, ticket.Int64, operator.Int64, escalated.Time
	a.AssignedAt = assigned.Time
	return a, nil
}

// FileApplication stores a new application with its documents and first events, numbers it
// from its id, and writes the audit row and the citizen's notification with it.
func (s *Store) FileApplication(ctx context.Context, a *servicedesk.Application, docs []servicedesk.Document, e audit.Entry, tell func(servicedesk.Application) []notify.Message) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if !a.Service.ManyOpen {
			if err := noneOpen(ctx, s.db, tx, a.PersonID, a.ServiceID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO applications (uuid, number, service_id, person_id, institution_id, channel,
			service_point_id, ticket_id, status, filed_on, due_on, filed_by, operator_id, lang, created_at, updated_at)
			VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			a.UUID, a.ServiceID, a.PersonID, a.InstitutionID, a.Channel, db.NullID(a.CentreID), db.NullID(a.TicketID), a.Status,
			a.FiledOn, a.DueOn, a.FiledBy, db.NullID(a.OperatorID), a.Lang, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return err
		}
		a.Number = fmt.Sprintf("%d-%07d", a.FiledOn.Year, a.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET number = $1 WHERE id = $2`, a.Number, a.ID); err != nil {
			return err
		}
		for i := range docs {
			d := &docs[i]
			err := tx.QueryRowContext(ctx, `INSERT INTO application_documents (application_id, doc_type, file_name, content_type, size, sha256, content, uploaded_at, on_paper)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, a.ID, d.Type, d.FileName, d.ContentType, d.Size, d.SHA256, d.Content, d.UploadedAt, d.OnPaper).Scan(&d.ID)
			if err != nil {
				return err
			}
		}
		for _, ev := range a.Events {
			if err := insertEvent(ctx, tx, a.ID, ev); err != nil {
				return err
			}
		}
		e.EntityID = e.EntityID + " " + a.Number
		if err := s.audit.Append(ctx, tx, e); err != nil {
			return err
		}
		return enqueue(ctx, tx, a.CreatedAt, tell(*a))
	})
}

// noneOpen refuses a second open application by a person for a service. The person's row is
// locked first (on PostgreSQL; SQLite has one writer), so that two filings at the same instant
// cannot both see none.
func noneOpen(ctx context.Context, d *db.DB, tx *sql.Tx, personID, serviceID int64) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM persons WHERE id = $1`+d.ForUpdate(), personID).Scan(&id); err != nil {
		return err
	}
	var number string
	err := tx.QueryRowContext(ctx, `SELECT number FROM applications WHERE person_id = $1 AND service_id = $2
		AND status IN ('submitted', 'registered', 'in_review') LIMIT 1`, personID, serviceID).Scan(&number)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return fail.Because(fail.ErrDuplicate, "application.already_open", map[string]any{"Number": number})
}

func insertEvent(ctx context.Context, tx *sql.Tx, appID int64, ev servicedesk.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO application_events (application_id, status, actor, note, at) VALUES ($1, $2, $3, $4, $5)`,
		appID, ev.Status, ev.Actor, ev.Note, ev.At)
	return err
}

func enqueue(ctx context.Context, tx *sql.Tx, now time.Time, msgs []notify.Message) error {
	for _, m := range msgs {
		if err := notify.Enqueue(ctx, tx, now, m); err != nil {
			return err
		}
	}
	return nil
}

// Application loads an application with its service, documents (without content) and events.
func (s *Store) Application(ctx context.Context, id string) (servicedesk.Application, error) {
	a, err := db.One(ctx, s.db, "application", scanApplication, `SELECT `+applicationColumns+applicationFrom+` WHERE a.uuid = $1`, id)
	if err != nil {
		return a, err
	}
	if a.Service, err = s.PassportByID(ctx, a.ServiceID); err != nil {
		return a, err
	}
	a.Documents, err = db.Collect(ctx, s.db, func(row db.Scanner) (d servicedesk.Document, err error) {
		err = row.Scan(&d.ID, &d.Type, &d.FileName, &d.ContentType, &d.Size, &d.SHA256, &d.UploadedAt, &d.OnPaper)
		return
	}, `SELECT id, doc_type, file_name, content_type, size, sha256, uploaded_at, on_paper
		FROM application_documents WHERE application_id = $1 ORDER BY id`, a.ID)
	if err != nil {
		return a, err
	}
	a.Events, err = s.events(ctx, a.ID)
	return a, err
}

func (s *Store) events(ctx context.Context, appID int64) ([]servicedesk.Event, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (ev servicedesk.Event, err error) {
		err = row.Scan(&ev.Status, &ev.Actor, &ev.Note, &ev.At)
		return
	}, `SELECT status, actor, note, at FROM application_events WHERE application_id = $1 ORDER BY id`, appID)
}

// Applications lists applications by filter, in the filter's order, a keyset page at a time
// (a citizen's newest first).
func (s *Store) Applications(ctx context.Context, f servicedesk.ApplicationFilter) ([]servicedesk.Application, error) {
	where, args := applicationWhere(f)
	where = append(where, applicationAfter(f, &args)...)
	q := `SELECT ` + applicationColumns + `, sv.code, sv.name, sv.deadline_days` + applicationFrom + ` JOIN services sv ON sv.id = a.service_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += applicationOrder(f)
	if f.Limit > 0 {
		q += " LIMIT " + args.Add(f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []servicedesk.Application
	err = eachRow(rows, func(a servicedesk.Application) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// eachRow scans applications joined with their service's code, name and deadline.
func eachRow(rows *sql.Rows, fn func(servicedesk.Application) error) error {
	for rows.Next() {
		var sv servicedesk.Passport
		a, err := scanApplication(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &sv.Code, &sv.Name, &sv.DeadlineDays)...)
		}))
		if err != nil {
			return err
		}
		a.Service = sv
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// nullTime is t, or NULL when t is zero (never assigned).
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// MoveApplication records an application's new status at the version it was read at, with
// its event, audit row, notifications and (on delivery) rating request.
func (s *Store) MoveApplication(ctx context.Context, a servicedesk.Application, ev servicedesk.Event, e audit.Entry, n []notify.Message, r *servicedesk.Rating) (servicedesk.Application, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE applications SET status = $1, outcome = $2, decided_on = $3, refusal_ground = $4,
			note = $5, decision_uuid = $6, assigned_to = $7, assigned_by = $8, assigned_at = $9, version = version + 1, updated_at = $10
			WHERE id = $11 AND version = $12`,
			a.Status, a.Outcome, a.DecidedOn, a.RefusalGround, a.Note, a.DecisionUUID, a.AssignedTo, a.AssignedBy, nullTime(a.AssignedAt), ev.At, a.ID, a.Version)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fail.ErrConflict
		}
		if err := insertEvent(ctx, tx, a.ID, ev); err != nil {
			return err
		}
		if r != nil {
			if err := InsertRating(ctx, tx, r); err != nil {
				return err
			}
		}
		if err := s.audit.Append(ctx, tx, e); err != nil {
			return err
		}
		return enqueue(ctx, tx, ev.At, n)
	})
	if err != nil {
		return a, err
	}
	return s.Application(ctx, a.UUID)
}

// Document returns one document of an application with its content.
func (s *Store) Document(ctx context.Context, appID, docID int64) (servicedesk.Document, []byte, error) {
	var content []byte
	d, err := db.One(ctx, s.db, "document", func(row db.Scanner) (d servicedesk.Document, err error) {
		err = row.Scan(&d.ID, &d.Type, &d.FileName, &d.ContentType, &d.Size, &d.SHA256, &d.UploadedAt, &content)
		return
	}, `SELECT id, doc_type, file_name, content_type, size, sha256, uploaded_at, content
		FROM application_documents WHERE application_id = $1 AND id = $2 AND NOT on_paper`, appID, docID)
	return d, content, err
}

// Escalate marks open applications past their due date, once each, in one statement.
func (s *Store) Escalate(ctx context.Context, today clock.Date, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE applications SET escalated_at = $1
		WHERE status IN ('submitted', 'registered', 'in_review') AND due_on < $2 AND escalated_at IS NULL`, now, today.String())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeadlineStats counts applications filed in a period per institution and service: decided,
// decided late, open, and open past the deadline on the period's last day.
func (s *Store) DeadlineStats(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.DeadlineRow, error) {
	args := db.Args{f.From.String(), f.To.String()}
	inst := ""
	if len(f.Institutions) > 0 {
		inst = " AND a.institution_id IN (" + db.In(&args, f.Institutions) + ")"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.code, sv.code, sv.name, COUNT(*),
		SUM(CASE WHEN a.decided_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.decided_on > a.due_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status IN ('submitted', 'registered', 'in_review') THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status IN ('submitted', 'registered', 'in_review') AND a.due_on < $2 THEN 1 ELSE 0 END)
		FROM applications a JOIN services sv ON sv.id = a.service_id JOIN institutions i ON i.id = a.institution_id
		WHERE a.filed_on >= $1 AND a.filed_on <= $2`+inst+`
		GROUP BY i.code, sv.code, sv.name ORDER BY i.code, sv.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []servicedesk.DeadlineRow
	for rows.Next() {
		var r servicedesk.DeadlineRow
		var name i18n.Text
		if err := rows.Scan(&r.Institution, &r.ServiceCode, &name, &r.Filed, &r.Decided, &r.Late, &r.Open, &r.Breached); err != nil {
			return nil, err
		}
		r.ServiceName = name.In(i18n.Lang(ctx))
		out = append(out, r)
	}
	return out, rows.Err()
}

// VisitID resolves the queue ticket an application is filed at. The ticket is the queue's
// (internal/queue); the application keeps only its id, read here in SQL rather than through
// the queue's service so that the single window does not depend on the queue.
func (s *Store) VisitID(ctx context.Context, uuid string) (int64, error) {
	return db.One(ctx, s.db, "ticket", db.Value[int64], `SELECT id FROM queue_tickets WHERE uuid = $1`, uuid)
}
