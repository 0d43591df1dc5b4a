package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/db"
)

// AlertFilter selects the entries that an administrator or auditor of the level above is
// alerted to: writes (not reads or searches) of the given entities, by actors of the given
// institutions, newest first, one keyset page at a time.
type AlertFilter struct {
	Entities     []string // entity names, e.g. "grant", "override", "iban"
	Institutions []int64  // actors' institutions; none matches nothing unless Unscoped
	Unscoped     bool     // also entries with no institution: citizens, the system
	NotActor     string   // leave out this login's own entries
	BeforeID     int64    // keyset cursor
	Limit        int
}

// alertColumns are read here rather than through List's, so that the alert feed does not
// depend on how the chain's own columns evolve.
const alertColumns = `id, at, COALESCE(actor_id, 0), actor_login, COALESCE(institution_id, 0), action, purpose, entity, entity_id, detail`

// Alerts lists the entries f selects.
func (l *Log) Alerts(ctx context.Context, f AlertFilter) ([]Entry, error) {
	if len(f.Entities) == 0 || (len(f.Institutions) == 0 && !f.Unscoped) {
		return nil, nil
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	kinds := make([]string, len(f.Entities))
	for i, e := range f.Entities {
		kinds[i] = arg(e)
	}
	var scope []string
	if len(f.Institutions) > 0 {
		scope = append(scope, institutionIn(f.Institutions))
	}
	if f.Unscoped {
		scope = append(scope, "institution_id IS NULL")
	}
	// what the system does by itself (start-up, demo load, sweeps) is nobody's act to watch
	where := []string{"entity IN (" + strings.Join(kinds, ", ") + ")", "action NOT IN ('read', 'search')", "actor_kind <> 'system'",
		"(" + strings.Join(scope, " OR ") + ")"}
	if f.NotActor != "" {
		where = append(where, "actor_login <> "+arg(f.NotActor))
	}
	if f.BeforeID > 0 {
		where = append(where, "id < "+arg(f.BeforeID))
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT ` + alertColumns + ` FROM audit_log WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id DESC LIMIT ` + arg(f.Limit)
	out, err := db.Collect(ctx, l.db, func(row db.Scanner) (e Entry, err error) {
		err = row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.InstitutionID, &e.Action, &e.Purpose,
			&e.Entity, &e.EntityID, &e.Detail)
		return
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}
