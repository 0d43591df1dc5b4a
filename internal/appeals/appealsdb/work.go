package appealsdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/workdays"
)

// filterWhere is the WHERE of a filter, shared by the page, its count and the download so
// that the three always agree. The filters lead the indexes appeals_institution and
// appeals_assignee (migration 00026).
func filterWhere(f appeals.Filter) ([]string, db.Args) {
	var where []string
	var args db.Args
	if len(f.Institutions) > 0 {
		where = append(where, "a.institution_id IN ("+db.In(&args, f.Institutions)+")")
	}
	if f.PersonID != 0 {
		where = append(where, "a.person_id = "+args.Add(f.PersonID))
	}
	if f.OpenOnly {
		where = append(where, openStatuses)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "a.status IN ("+db.In(&args, f.Statuses)+")")
	}
	if f.Category != "" {
		where = append(where, "a.category = "+args.Add(f.Category))
	}
	if f.ReceivedFrom != "" {
		where = append(where, "a.received_on >= "+args.Add(f.ReceivedFrom))
	}
	if f.ReceivedTo != "" {
		where = append(where, "a.received_on <= "+args.Add(f.ReceivedTo))
	}
	if len(f.Assignees) > 0 {
		logins := make([]string, len(f.Assignees))
		for i, l := range f.Assignees {
			if l != appeals.Unassigned {
				logins[i] = l
			} // nobody is the empty login
		}
		where = append(where, "a.assigned_to IN ("+db.In(&args, logins)+")")
	}
	switch f.Deadline { // ISO dates compare as text on both engines
	case appeals.AtRisk: // the service's date steps for the day, over the due and received dates
		where = append(where, openStatuses+" AND a.due_on >= "+args.Add(f.Today)+" AND "+workdays.RiskWhere(f.Risk, "a.due_on", "a.received_on", &args))
	case appeals.OnTrack:
		where = append(where, openStatuses+" AND a.due_on >= "+args.Add(f.Today)+" AND NOT "+workdays.RiskWhere(f.Risk, "a.due_on", "a.received_on", &args))
	case appeals.Breached:
		where = append(where, openStatuses+" AND a.due_on < "+args.Add(f.Today))
	case appeals.InTime:
		where = append(where, openStatuses+" AND a.due_on >= "+args.Add(f.Today))
	case appeals.Late:
		where = append(where, "a.answered_on > a.due_on")
	case appeals.Met:
		where = append(where, "a.answered_on <= a.due_on")
	}
	return where, args
}

const openStatuses = `a.status IN ('registered', 'in_progress')`

// after is the keyset condition: rows after the cursor in the filter's order.
func after(f appeals.Filter, args *db.Args) []string {
	if len(f.After) != 2 {
		return nil
	}
	var id int64
	fmt.Sscan(f.After[1], &id)
	k := args.Add(f.After[0])
	if f.Sort == "received" {
		return []string{"(a.received_on < " + k + " OR (a.received_on = " + k + " AND a.id < " + args.Add(id) + "))"}
	}
	return []string{"(a.due_on > " + k + " OR (a.due_on = " + k + " AND a.id > " + args.Add(id) + "))"}
}

func order(f appeals.Filter) string {
	switch {
	case f.PersonID != 0:
		return " ORDER BY a.id DESC"
	case f.Sort == "received":
		return " ORDER BY a.received_on DESC, a.id DESC"
	}
	return " ORDER BY a.due_on, a.id"
}

// Count counts the appeals a filter selects.
func (s *Store) Count(ctx context.Context, f appeals.Filter) (int64, error) {
	where, args := filterWhere(f)
	q := `SELECT COUNT(*) FROM appeals a`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	var n int64
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// Each streams the appeals a filter selects in its order, one row at a time.
func (s *Store) Each(ctx context.Context, f appeals.Filter, fn func(appeals.Appeal) error) error {
	where, args := filterWhere(f)
	q := `SELECT ` + columns + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q+order(f), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// OutsideScope counts the appeals among uuids of institutions outside scope.
func (s *Store) OutsideScope(ctx context.Context, uuids []string, scope []int64) (int, error) {
	var args db.Args
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM appeals WHERE uuid IN (`+db.In(&args, uuids)+`)
		AND institution_id NOT IN (`+db.In(&args, scope)+`)`, args...).Scan(&n)
	return n, err
}

// Officers lists the active staff holding one of roles in one of institutions, by name.
func (s *Store) Officers(ctx context.Context, institutions []int64, roles []authz.Role) ([]appeals.Officer, error) {
	var args db.Args
	q := `SELECT DISTINCT u.login, u.full_name FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.active AND r.institution_id IN (` + db.In(&args, institutions) + `) AND r.role IN (` + db.In(&args, roleNames(roles)) + `)
		ORDER BY u.full_name, u.login`
	return db.Collect(ctx, s.db, func(row db.Scanner) (o appeals.Officer, err error) {
		err = row.Scan(&o.Login, &o.Name)
		return
	}, q, args...)
}

// Assign assigns, in one transaction, the open appeals among uuids that are within scope and
// within the institutions where the officer holds one of roles (their grants' and those
// below); each gets an event, and the audit entry names them.
func (s *Store) Assign(ctx context.Context, uuids []string, scope []int64, officer string, roles []authz.Role, e audit.Entry, ev appeals.Event) ([]string, error) {
	var numbers []string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var args db.Args
		q := `SELECT a.id, a.number FROM appeals a WHERE a.uuid IN (` + db.In(&args, uuids) + `) AND ` + openStatuses + `
			AND a.institution_id IN (` + db.In(&args, scope) + `) AND a.institution_id IN (WITH RECURSIVE sub(id) AS (
				SELECT r.institution_id FROM user_roles r JOIN users u ON u.id = r.user_id
				WHERE u.login = ` + args.Add(officer) + ` AND u.active AND r.role IN (` + db.In(&args, roleNames(roles)) + `)
				UNION SELECT i.id FROM institutions i JOIN sub ON i.parent_id = sub.id) SELECT id FROM sub) ORDER BY a.id`
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
			if _, err := tx.ExecContext(ctx, `UPDATE appeals SET assigned_to = $1, assigned_by = $2, assigned_at = $3, version = version + 1
				WHERE id = $4`, officer, ev.Actor, ev.At, h.id); err != nil {
				return err
			}
			if err := insertEvent(ctx, tx, h.id, ev); err != nil {
				return err
			}
			numbers = append(numbers, h.number)
		}
		e.EntityID = strings.Join(numbers, ",")
		return s.audit.Append(ctx, tx, e)
	})
	return numbers, err
}

func roleNames(roles []authz.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// TakeNext assigns to the officer (ev.Note) the unassigned open appeal in scope whose due date
// comes first (then the oldest), with its event and the audit entry naming it. Two officers
// taking at once get two appeals: PostgreSQL skips the row the other holds, SQLite has one
// writer.
func (s *Store) TakeNext(ctx context.Context, scope []int64, e audit.Entry, ev appeals.Event) (appeals.Appeal, error) {
	var uuid string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var args db.Args
		var id int64
		var number string
		err := tx.QueryRowContext(ctx, `SELECT a.id, a.uuid, a.number FROM appeals a WHERE a.institution_id IN (`+db.In(&args, scope)+`)
			AND `+openStatuses+` AND a.assigned_to = '' ORDER BY a.due_on, a.id LIMIT 1`+s.db.ForUpdateSkipLocked(), args...).Scan(&id, &uuid, &number)
		if err == sql.ErrNoRows {
			return fmt.Errorf("unassigned appeal: %w", fail.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appeals SET assigned_to = $1, assigned_by = $2, assigned_at = $3, version = version + 1
			WHERE id = $4`, ev.Note, ev.Actor, ev.At, id); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, id, ev); err != nil {
			return err
		}
		e.EntityID = number
		return s.audit.Append(ctx, tx, e)
	})
	if err != nil {
		return appeals.Appeal{}, err
	}
	return s.ByUUID(ctx, uuid)
}
