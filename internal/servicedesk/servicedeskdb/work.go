package servicedeskdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// applicationWhere is the WHERE of a filter, shared by the page, its count and the download
// so that the three always agree. Each filter leads one of the indexes of migration 00026.
func applicationWhere(f servicedesk.ApplicationFilter) ([]string, db.Args) {
	var where []string
	var args db.Args
	if len(f.Institutions) > 0 {
		where = append(where, "a.institution_id IN ("+db.In(&args, f.Institutions)+")")
	}
	if len(f.Statuses) > 0 {
		where = append(where, "a.status IN ("+db.In(&args, f.Statuses)+")")
	}
	if f.PersonID != 0 {
		where = append(where, "a.person_id = "+args.Add(f.PersonID))
	}
	if f.Escalated {
		where = append(where, "a.escalated_at IS NOT NULL")
	}
	if f.ServiceID != 0 {
		where = append(where, "a.service_id = "+args.Add(f.ServiceID))
	}
	if f.CentreID != 0 {
		where = append(where, "a.service_point_id = "+args.Add(f.CentreID))
	}
	if f.FiledFrom != "" {
		where = append(where, "a.filed_on >= "+args.Add(f.FiledFrom))
	}
	if f.FiledTo != "" {
		where = append(where, "a.filed_on <= "+args.Add(f.FiledTo))
	}
	if len(f.Assignees) > 0 {
		logins := make([]string, len(f.Assignees))
		for i, l := range f.Assignees {
			if l != servicedesk.Unassigned {
				logins[i] = l
			} // nobody is the empty login
		}
		where = append(where, "a.assigned_to IN ("+db.In(&args, logins)+")")
	}
	if w := deadlineWhere(f, &args); w != "" {
		where = append(where, w)
	}
	return where, args
}

const openStatuses = `a.status IN ('submitted', 'registered', 'in_review')`

// deadlineWhere is the condition of a deadline state: ISO dates compare as text on both
// engines. At risk and on track are the service's date steps for the day (f.Risk), over the
// due and filing dates; the due-date range leads the index of the earliest-due order.
func deadlineWhere(f servicedesk.ApplicationFilter, args *db.Args) string {
	switch f.Deadline {
	case servicedesk.AtRisk:
		return openStatuses + " AND a.due_on >= " + args.Add(f.Today) + " AND " + workdays.RiskWhere(f.Risk, "a.due_on", "a.filed_on", args)
	case servicedesk.OnTrack:
		return openStatuses + " AND a.due_on >= " + args.Add(f.Today) + " AND NOT " + workdays.RiskWhere(f.Risk, "a.due_on", "a.filed_on", args)
	case servicedesk.Breached:
		return openStatuses + " AND a.due_on < " + args.Add(f.Today)
	case "open_in_time":
		return openStatuses + " AND a.due_on >= " + args.Add(f.Today)
	case servicedesk.Late:
		return "a.decided_on > a.due_on"
	case servicedesk.Met:
		return "a.decided_on <= a.due_on"
	}
	return ""
}

// applicationAfter is the keyset condition: rows after the cursor in the filter's order.
func applicationAfter(f servicedesk.ApplicationFilter, args *db.Args) []string {
	if f.AfterID != 0 {
		return []string{"a.id > " + args.Add(f.AfterID)}
	}
	if len(f.After) != 2 {
		return nil
	}
	var id int64
	fmt.Sscan(f.After[1], &id)
	if f.Sort == "filed" {
		k := args.Add(f.After[0])
		return []string{"(a.filed_on < " + k + " OR (a.filed_on = " + k + " AND a.id < " + args.Add(id) + "))"}
	}
	k := args.Add(f.After[0])
	return []string{"(a.due_on > " + k + " OR (a.due_on = " + k + " AND a.id > " + args.Add(id) + "))"}
}

func applicationOrder(f servicedesk.ApplicationFilter) string {
	switch {
	case f.PersonID != 0:
		return " ORDER BY a.id DESC"
	case f.Sort == "filed":
		return " ORDER BY a.filed_on DESC, a.id DESC"
	}
	return " ORDER BY a.due_on, a.id"
}

// CountApplications counts the applications a filter selects: an index-only count over the
// filter's index, so the total stays cheap at national scale.
func (s *Store) CountApplications(ctx context.Context, f servicedesk.ApplicationFilter) (int64, error) {
	where, args := applicationWhere(f)
	q := `SELECT COUNT(*) FROM applications a`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	var n int64
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// EachApplication streams the applications a filter selects in its order, one row at a time.
func (s *Store) EachApplication(ctx context.Context, f servicedesk.ApplicationFilter, fn func(servicedesk.Application) error) error {
	where, args := applicationWhere(f)
	q := `SELECT ` + applicationColumns + `, sv.code, sv.name, sv.deadline_days` + applicationFrom + ` JOIN services sv ON sv.id = a.service_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q+applicationOrder(f), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return eachRow(rows, fn)
}

// OutsideScope counts the applications among uuids of institutions outside scope.
func (s *Store) OutsideScope(ctx context.Context, uuids []string, scope []int64) (int, error) {
	var args db.Args
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications WHERE uuid IN (`+db.In(&args, uuids)+`)
		AND institution_id NOT IN (`+db.In(&args, scope)+`)`, args...).Scan(&n)
	return n, err
}

// Officers lists the active staff holding one of roles in one of institutions, by name.
func (s *Store) Officers(ctx context.Context, institutions []int64, roles []authz.Role) ([]servicedesk.Officer, error) {
	var args db.Args
	q := `SELECT DISTINCT u.login, u.full_name FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.active AND r.institution_id IN (` + db.In(&args, institutions) + `) AND r.role IN (` + db.In(&args, roleNames(roles)) + `)
		ORDER BY u.full_name, u.login`
	return db.Collect(ctx, s.db, func(row db.Scanner) (o servicedesk.Officer, err error) {
		err = row.Scan(&o.Login, &o.Name)
		return
	}, q, args...)
}

// officerInstitutions is a subquery of the institutions where the officer ($n) holds one of
// roles: their grants' institutions and every institution below them.
func officerInstitutions(args *db.Args, officer string, roles []authz.Role) string {
	return `(WITH RECURSIVE sub(id) AS (
		SELECT r.institution_id FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE u.login = ` + args.Add(officer) + ` AND u.active AND r.role IN (` + db.In(args, roleNames(roles)) + `)
		UNION SELECT i.id FROM institutions i JOIN sub ON i.parent_id = sub.id) SELECT id FROM sub)`
}

// Assign assigns, in one transaction, the open applications among uuids that are within
// scope and within the officer's institutions; each gets an event, and the audit entry
// names them.
func (s *Store) Assign(ctx context.Context, uuids []string, scope []int64, officer string, roles []authz.Role, e audit.Entry, ev servicedesk.Event) ([]string, error) {
	var numbers []string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var args db.Args
		q := `SELECT a.id, a.number FROM applications a WHERE a.uuid IN (` + db.In(&args, uuids) + `) AND ` + openStatuses + `
			AND a.institution_id IN (` + db.In(&args, scope) + `) AND a.institution_id IN ` + officerInstitutions(&args, officer, roles) + ` ORDER BY a.id`
		type hit struct {
			id     int64
			number string
		}
		hits, err := db.Collect(ctx, tx, func(row db.Scanner) (h hit, err error) {
			err = row.Scan(&h.id, &h.number)
			return
		}, q, args...)
		if err != nil || len(hits) == 0 {
			return err
		}
		for _, h := range hits {
			if err := assignOne(ctx, tx, h.id, officer, ev); err != nil {
				return err
			}
			numbers = append(numbers, h.number)
		}
		e.EntityID = strings.Join(numbers, ",")
		return s.audit.Append(ctx, tx, e)
	})
	return numbers, err
}

func assignOne(ctx context.Context, tx *sql.Tx, id int64, officer string, ev servicedesk.Event) error {
	_, err := tx.ExecContext(ctx, `UPDATE applications SET assigned_to = $1, assigned_by = $2, assigned_at = $3, version = version + 1,
		updated_at = $3 WHERE id = $4`, officer, ev.Actor, ev.At, id)
	if err == nil {
		err = insertEvent(ctx, tx, id, ev)
	}
	return err
}

// TakeNext assigns to the officer (ev.Note) the unassigned open application in scope whose
// deadline comes first. Two officers taking at once get two applications: PostgreSQL skips
// the row the other holds, SQLite has one writer.
func (s *Store) TakeNext(ctx context.Context, scope []int64, e audit.Entry, ev servicedesk.Event) (servicedesk.Application, error) {
	var uuid string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var args db.Args
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT a.id, a.uuid FROM applications a WHERE a.institution_id IN (`+db.In(&args, scope)+`)
			AND `+openStatuses+` AND a.assigned_to = '' ORDER BY a.due_on, a.id LIMIT 1`+s.db.ForUpdateSkipLocked(), args...).Scan(&id, &uuid)
		if err == sql.ErrNoRows {
			return fmt.Errorf("unassigned application: %w", fail.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := assignOne(ctx, tx, id, ev.Note, ev); err != nil {
			return err
		}
		e.EntityID = uuid
		return s.audit.Append(ctx, tx, e)
	})
	if err != nil {
		return servicedesk.Application{}, err
	}
	return s.Application(ctx, uuid)
}

func roleNames(roles []authz.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}
