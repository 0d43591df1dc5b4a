package registry

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// FactsBatch is a page of households' facts, read set-based for whole-registry work (a rule's
// dry run): the same maps Facts gives for one person, with the head as the person.
type FactsBatch struct {
	Facts []Facts
	Last  int64 // the last household id read; the cursor for the next page
}

// HouseholdFacts returns the facts of up to limit households with ids after after and at
// most upto, on day. It makes three queries per page whatever the page size; disjoint id
// ranges can be read in parallel.
func (s *Service) HouseholdFacts(ctx context.Context, after, upto int64, limit int, day clock.Date) (FactsBatch, error) {
	rows, err := s.store.HouseholdMembers(ctx, after, upto, limit, clock.NewDate(day.Year, day.Month-12, 1), clock.NewDate(day.Year, day.Month, 1))
	if err != nil || len(rows) == 0 {
		return FactsBatch{}, err
	}
	var out FactsBatch
	g := factsGroup{day: day, emit: func(f Facts) error { out.Facts = append(out.Facts, f); return nil }}
	for _, m := range rows {
		g.add(m)
		out.Last = m.HouseholdID
	}
	g.flush()
	return out, nil
}

// factsGroup turns member rows, in household order, into one Facts per household: the head
// as the person, the living members with their income in the household. Both the member pass
// (HouseholdFacts) and the kept facts (KeptHouseholdFacts) go through it, so they give the
// same maps for the same rows.
type factsGroup struct {
	day     clock.Date
	emit    func(Facts) error
	cur     *Facts
	members []any
	income  money.Amount
	utility Utility
	err     error
}

func (g *factsGroup) add(m MemberRow) {
	if g.cur == nil || g.cur.HouseholdID != m.HouseholdID {
		g.flush()
		g.cur, g.members, g.income, g.utility = &Facts{HouseholdID: m.HouseholdID}, nil, 0, m.Utility
	}
	f := personFacts(m.Person, m.Categories, g.day)
	if m.Relationship == "head" {
		g.cur.PersonID, g.cur.Person = m.Person.ID, f
	}
	if m.Person.Alive() {
		f["relationship"] = m.Relationship
		incomeFacts(f, m.IncomeMonths, m.Income)
		g.members = append(g.members, f)
		g.income += m.Income
	}
}

// flush emits the household being gathered, if any; it keeps the first error emit returns.
func (g *factsGroup) flush() {
	if g.cur != nil && g.err == nil {
		g.cur.Household = householdMap(g.members, g.income, g.utility)
		g.err = g.emit(*g.cur)
	}
	g.cur = nil
}

// KeptHouseholdFacts streams, in household order, the facts of every household with members
// and an id in (after, upto] on day, read from the facts the registry keeps as it changes
// (household_facts): one sequential read, the same maps as HouseholdFacts.
func (s *Service) KeptHouseholdFacts(ctx context.Context, after, upto int64, day clock.Date, visit func(Facts) error) error {
	g := factsGroup{day: day, emit: visit}
	err := s.store.KeptFacts(ctx, after, upto, clock.NewDate(day.Year, day.Month-12, 1), clock.NewDate(day.Year, day.Month, 1),
		func(m MemberRow) error {
			g.add(m)
			return g.err
		})
	if err != nil {
		return err
	}
	g.flush()
	return g.err
}

// MemberRow is one member of a household with what a rule reads about them. Person holds
// only the fields rules read (IBAN only says whether there is one).
type MemberRow struct {
	HouseholdID  int64
	Relationship string
	Person       Person
	Categories   []Category
	Income       money.Amount // over the income window
	IncomeMonths int          // months of the window with income on record
	Utility      Utility      // the household's
}

// LastHousehold is the highest household id, for splitting the registry into ranges.
func (s *Service) LastHousehold(ctx context.Context) (int64, error) {
	return s.store.LastHousehold(ctx)
}
