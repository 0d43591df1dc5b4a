package programs

import (
	"context"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/registry"
)

// walkKept is the walker for any rule when the registry keeps its households' facts
// (household_facts, written with every registry write): one sequential read of the range's
// kept facts, the same maps as walk's member-by-member read (registry.KeptHouseholdFacts and
// HouseholdFacts share the code that builds them), and the same cases — so the same
// decisions (TestDryRunKeptFactsAgreeWithMembers).
func (s *Service) walkKept(ctx context.Context, p Program, day clock.Date, lo, hi int64, visit func(c dryCase, in eligibility.Input), advanced func(ids int64)) error {
	after, n := lo, 0
	err := s.registry.KeptHouseholdFacts(ctx, lo, hi, day, func(f registry.Facts) error {
		fins, persons := casesOf(p.Unit, f)
		for i, person := range persons {
			visit(dryCase{fin: fins[i]}, eligibility.Input{Day: day, Person: person, Household: f.Household})
		}
		if n++; n%2000 == 0 {
			advanced(f.HouseholdID - after)
			after = f.HouseholdID
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
