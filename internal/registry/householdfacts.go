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
	var cur *Facts
	var members []any
	var income money.Amount
	var utility Utility
	flush := func() {
		if cur != nil {
			cur.Household = householdMap(members, income, utility)
			out.Facts = append(out.Facts, *cur)
		}
	}
	for _, m := range rows {
		if cur == nil || cur.HouseholdID != m.HouseholdID {
			flush()
			cur, members, income, utility = &Facts{HouseholdID: m.HouseholdID}, nil, 0, m.Utility
		}
		f := personFacts(m.Person, m.Categories, day)
		if m.Relationship == "head" {
			cur.PersonID, cur.Person = m.Person.ID, f
		}
		if m.Person.Alive() {
			f["relationship"] = m.Relationship
			incomeFacts(f, m.IncomeMonths, m.Income)
			members = append(members, f)
			income += m.Income
		}
		out.Last = m.HouseholdID
	}
	flush()
	return out, nil
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

// HouseholdTotal is what a rule that reads only a household's size and income needs of it,
// aggregated by the database: the figures householdMap computes from the members.
type HouseholdTotal struct {
	HouseholdID int64
	HeadID      int64        // the head's person id (the last by id if several); 0 when none
	Size        int64        // living members
	Income      money.Amount // of the living members over the income window
}

// Map is the household as a rule reads it, without its members: the same size and income
// figures HouseholdFacts gives.
func (t HouseholdTotal) Map() map[string]any {
	m := make(map[string]any, 3)
	totals(m, t.Size, t.Income)
	return m
}

// HouseholdTotals streams, in household order, the totals of every household with members
// and an id in (after, upto], on day: one grouped query, no page of members and no fact maps.
// It is the set-based read of a dry run whose rules read only those totals.
func (s *Service) HouseholdTotals(ctx context.Context, after, upto int64, day clock.Date, visit func(HouseholdTotal) error) error {
	return s.store.HouseholdTotals(ctx, after, upto, clock.NewDate(day.Year, day.Month-12, 1), clock.NewDate(day.Year, day.Month, 1), visit)
}

// FINs returns the FİNs of persons by id, for the few cases a whole-registry pass shows; the
// caller records the read.
func (s *Service) FINs(ctx context.Context, ids []int64) (map[int64]string, error) {
	return s.store.FINs(ctx, ids)
}
