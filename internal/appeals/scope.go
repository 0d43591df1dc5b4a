package appeals

import (
	"context"
	"fmt"
	"slices"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// mayRead lets a handler read an appeal of an institution in their scope, or one they
// registered themselves (a centre's front office registers appeals addressed to an agency),
// and a citizen read their own. An appeal of another person or institution is refused.
func mayRead(p *authz.Principal, a Appeal) error {
	switch {
	case p == nil:
		return fail.ErrForbidden
	case p.PersonID != 0 && p.PersonID != a.PersonID:
		return fmt.Errorf("appeal: %w", fail.ErrNotFound)
	case p.PersonID != 0:
		return nil
	case p.CanIn(authz.AppealHandle, a.InstitutionID), p.Can(authz.AppealHandle) && a.RegisteredBy == p.Login:
		return nil
	}
	return fmt.Errorf("appeal %s belongs to another institution: %w", a.Number, fail.ErrForbidden)
}

// scoped narrows a filter to what the principal in ctx may list: a citizen their own
// appeals, a handler the institutions of their grants (within any the caller asked for).
// ok is false when nothing may be listed.
func scoped(ctx context.Context, f Filter) (Filter, bool) {
	p := authz.From(ctx)
	switch {
	case p == nil:
		return f, false
	case p.PersonID != 0:
		f.PersonID, f.Institutions = p.PersonID, nil
		return f, true
	}
	mine := p.Scope(authz.AppealHandle)
	if len(f.Institutions) > 0 {
		mine = slices.DeleteFunc(mine, func(id int64) bool { return !slices.Contains(f.Institutions, id) })
	}
	f.Institutions = mine
	return f, len(mine) > 0
}

// statsInScope keeps the statistics of the institutions the principal in ctx handles.
func (s *Service) statsInScope(ctx context.Context, st []Stat) ([]Stat, error) {
	p := authz.From(ctx)
	var out []Stat
	for _, x := range st {
		id, err := s.store.InstitutionID(ctx, x.Institution)
		if err != nil {
			return nil, err
		}
		if p != nil && p.PersonID == 0 && p.CanIn(authz.AppealHandle, id) {
			out = append(out, x)
		}
	}
	return out, nil
}
