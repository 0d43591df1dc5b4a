package programs

import (
	"context"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/registry"
)

// householdTotals are the household facts registry.HouseholdTotals gives without reading
// the members one by one.
var householdTotals = map[string]bool{"size": true, "income_12m": true, "avg_monthly_income": true}

// totalsOnly reports whether a rule reads nothing but a household's totals: no person fact,
// no member, no other household fact. Such a rule can be dry-run over the registry from one
// grouped query per range (walkTotals) instead of every member's facts — the same decisions,
// as the same facts go in (TestDryRunTotalsPassAgreesWithMembers).
func totalsOnly(c *eligibility.Compiled) bool {
	r := c.Reads()
	if r.Whole || len(r.Person) > 0 {
		return false
	}
	for f := range r.Household {
		if !householdTotals[f] {
			return false
		}
	}
	return true
}

// walkTotals is the walker for a household programme whose rules read only the household's
// totals: the database aggregates each household's living members and their income, and the
// case is the household's head, as in walk.
func (s *Service) walkTotals(ctx context.Context, p Program, day clock.Date, lo, hi int64, visit func(c dryCase, in eligibility.Input), advanced func(ids int64)) error {
	after, n := lo, 0
	err := s.registry.HouseholdTotals(ctx, lo, hi, day, func(t registry.HouseholdTotal) error {
		if t.HeadID != 0 { // walk makes no case of a household without a head either
			visit(dryCase{head: t.HeadID}, eligibility.Input{Day: day, Person: map[string]any{}, Household: t.Map()})
		}
		if n++; n%2000 == 0 {
			advanced(t.HouseholdID - after)
			after = t.HouseholdID
			return ctx.Err()
		}
		return nil
	})
	if err != nil {
		return err
	}
	advanced(hi - after)
	return nil
}

// headFINs reads the FİNs of the samples a totals pass kept by their head's id, so that
// publishSamples can pseudonymise them and record the read.
func (s *Service) headFINs(ctx context.Context, run *DryRun) error {
	var ids []int64
	for i, id := range run.heads {
		if run.fins[i] == "" && id != 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	fins, err := s.registry.FINs(ctx, ids)
	if err != nil {
		return err
	}
	for i, id := range run.heads {
		if run.fins[i] == "" {
			run.fins[i] = fins[id]
		}
	}
	return nil
}
