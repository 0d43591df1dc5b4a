package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Filter narrows a listing of the log. Institutions, when not nil, is the auditor's scope:
// an auditor whose scope holds a top institution (one with no parent) sees every row —
// staff's, citizens', anonymous visitors' and jobs' — and one below the top sees the rows of
// staff of the institutions in their scope. Citizens, visitors and jobs act for no
// institution; their rows are the top's to audit (docs/security-audit.md).
type Filter struct {
	ActorLogin   string
	ActorKind    string
	ClientIP     string
	RequestID    string
	Entity       string
	EntityID     string
	EntityIDs    []string // any of these ids of Entity (a person is named by FİN in some rows, by id in others)
	NotActor     string   // leave out this actor's own rows
	Action       string
	From, To     time.Time
	Institutions []int64
	BeforeID     int64 // keyset cursor: rows with smaller ids, newest first
	Limit        int
}

// List returns entries newest first, one keyset page at a time.
func (l *Log) List(ctx context.Context, f Filter) ([]Entry, error) {
	where, args, err := l.where(ctx, f)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + columns + ` FROM audit_log` + where
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	rows, err := l.db.QueryContext(ctx, q+fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	return db.CollectRows(rows, scanEntry)
}

// Count counts the entries f selects (its cursor and limit aside), to refuse a download too
// long for a worksheet before it starts.
func (l *Log) Count(ctx context.Context, f Filter) (int64, error) {
	f.BeforeID = 0
	where, args, err := l.where(ctx, f)
	if err != nil {
		return 0, err
	}
	var n int64
	err = l.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&n)
	return n, err
}

// where is the WHERE clause ("" for none) and its arguments for f.
func (l *Log) where(ctx context.Context, f Filter) (string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ActorLogin != "" {
		add("actor_login = $%d", f.ActorLogin)
	}
	if f.ActorKind != "" {
		add("actor_kind = $%d", f.ActorKind)
	}
	if f.ClientIP != "" {
		add("client_ip = $%d", f.ClientIP)
	}
	if f.RequestID != "" {
		add("request_id = $%d", f.RequestID)
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = $%d", f.EntityID)
	}
	if len(f.EntityIDs) > 0 {
		marks := make([]string, len(f.EntityIDs))
		for i, id := range f.EntityIDs {
			args = append(args, id)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, "entity_id IN ("+strings.Join(marks, ", ")+")")
	}
	if f.NotActor != "" {
		add("actor_login <> $%d", f.NotActor)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= $%d", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < $%d", f.To.UTC())
	}
	if f.BeforeID > 0 {
		add("id < $%d", f.BeforeID)
	}
	if f.Institutions != nil {
		top, err := l.SeesAll(ctx, f.Institutions)
		if err != nil {
			return "", nil, err
		}
		if !top {
			where = append(where, institutionIn(f.Institutions))
		}
	}
	if len(where) == 0 {
		return "", args, nil
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// institutionIn renders the scope as literal integers: they come from the principal's grants,
// never from user input, and the list is short.
func institutionIn(ids []int64) string {
	if len(ids) == 0 {
		return "1 = 0"
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return "institution_id IN (" + strings.Join(s, ",") + ")"
}

// SeesAll reports whether an auditor with this scope sees every row: it includes an
// institution at the top of the hierarchy.
func (l *Log) SeesAll(ctx context.Context, scope []int64) (bool, error) {
	if len(scope) == 0 {
		return false, nil
	}
	var top bool
	err := l.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM institutions WHERE parent_id IS NULL AND `+
		strings.Replace(institutionIn(scope), "institution_id", "id", 1)+`)`).Scan(&top)
	if err != nil {
		return false, fmt.Errorf("audit scope: %w", err)
	}
	return top, nil
}

// InstitutionNames names every institution in the language asked (az, en or ru), for the
// listings: rows carry the institution's id.
func (l *Log) InstitutionNames(ctx context.Context, lang string) (map[int64]string, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT id, name FROM institutions`)
	if err != nil {
		return nil, fmt.Errorf("institution names: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name i18n.Text
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name.In(lang)
	}
	return names, rows.Err()
}
