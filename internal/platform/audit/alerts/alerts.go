// Package alerts is the feed that tells the administrators and auditors of the level above
// about high-value changes: grant changes, decision overrides, IBAN changes, bank statement
// imports and two-factor resets. It is a view over the audit log, not a table of its own:
// an alert is an audit entry of one of those entities that is not a plain read.
//
// Who sees what follows the institution tree. An alert whose actor acted for institution X
// is shown to those holding Read in an ancestor of X. At the top of the tree (the
// ministry), there is no level above: its alerts — and those of citizens and the system,
// who act for no institution — go to its own administrators and auditors. Nobody is shown
// their own actions.
package alerts

import (
	"context"
	"slices"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
)

// Kinds are the audit entities that make alerts.
var Kinds = []string{"grant", "two_factor", "override", "iban", "statement", "user", "program"}

// "user" is an account's lifecycle (created, enabled again, reset, activated: an account that
// comes back brings its roles with it) and "program" a programme's definition (a parameter
// such as the override ceiling takes effect from its date).

// Institution is one node of the institution tree.
type Institution struct {
	ID       int64
	ParentID int64 // 0 at the top
	Code     string
}

// Tree supplies the institution tree (identity's institutions, wired in the composition root).
type Tree interface {
	InstitutionTree(ctx context.Context) ([]Institution, error)
}

// Feed reads alerts for the principal in the context.
type Feed struct {
	log  *audit.Log
	tree Tree
}

// New returns the feed over the audit log.
func New(l *audit.Log, t Tree) *Feed { return &Feed{log: l, tree: t} }

// Page is one page of alerts with the codes of the institutions they name.
type Page struct {
	Items        []audit.Entry
	Institutions map[int64]string // id → code
	Next         int64            // keyset cursor of the next page; 0 at the end
}

// List returns the caller's alerts of kind ("" for all), newest first, before an entry id.
func (f *Feed) List(ctx context.Context, kind string, beforeID int64, limit int) (Page, error) {
	all, err := f.tree.InstitutionTree(ctx)
	if err != nil {
		return Page{}, err
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	filter := Visibility(authz.From(ctx), all)
	filter.BeforeID, filter.Limit = beforeID, limit
	switch {
	case kind == "":
		filter.Entities = Kinds
	case slices.Contains(Kinds, kind):
		filter.Entities = []string{kind}
	}
	page := Page{Institutions: map[int64]string{}}
	for _, i := range all {
		page.Institutions[i.ID] = i.Code
	}
	if page.Items, err = f.log.Alerts(ctx, filter); err != nil {
		return page, err
	}
	if len(page.Items) == limit {
		page.Next = page.Items[len(page.Items)-1].ID
	}
	return page, nil
}

// Visibility works out which actors' entries p is alerted to: those acting for institutions
// strictly below an institution where p holds Read, and — where that institution is at
// the top — those acting for it or for no institution, except p's own.
func Visibility(p *authz.Principal, all []Institution) audit.AlertFilter {
	f := audit.AlertFilter{}
	if p == nil {
		return f
	}
	f.NotActor = p.Login
	children := map[int64][]int64{}
	parent := map[int64]int64{}
	for _, i := range all {
		children[i.ParentID] = append(children[i.ParentID], i.ID)
		parent[i.ID] = i.ParentID
	}
	for _, g := range p.Grants {
		if !g.Role.Has(Read) {
			continue
		}
		if up, known := parent[g.InstitutionID]; known && up == 0 {
			f.Institutions = append(f.Institutions, g.InstitutionID)
			f.Unscoped = true
		}
		f.Institutions = append(f.Institutions, below(children, g.InstitutionID)...)
	}
	slices.Sort(f.Institutions)
	f.Institutions = slices.Compact(f.Institutions)
	return f
}

// below lists every institution under id, not id itself.
func below(children map[int64][]int64, id int64) []int64 {
	var out []int64
	for _, c := range children[id] {
		if c == id {
			continue
		}
		out = append(out, c)
		out = append(out, below(children, c)...)
	}
	return out
}

// Actor names who acted, for readers who see no personal data: a citizen's login carries
// their FİN, so it is shown as "citizen".
func Actor(login string) string {
	if strings.HasPrefix(login, "citizen:") {
		return "citizen"
	}
	return login
}
