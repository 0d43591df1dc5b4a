package programs

import (
	"context"
	"fmt"
	"sync"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Reassess works out each month from..to of a reassessed award and sums them: by the rule
// version the decision was taken under, over the facts frozen with the decision, with the
// parameters in force on the first day of each month. An error says in a sentence why it
// could not, for the payroll to turn into an exception line.
type Reassess func(ruleID int64, inputs string, from, to clock.Month) (money.Amount, error)

// MonthlyAmounts prepares the reassessment of a programme's awards for one payroll: its rule
// versions compiled once, its parameters read once per month asked for. The function it
// returns may be called from several goroutines.
func (s *Service) MonthlyAmounts(ctx context.Context, programID int64) (Reassess, error) {
	versions, err := s.store.Rules(ctx, programID)
	if err != nil {
		return nil, err
	}
	rules := map[int64]*eligibility.Compiled{}
	for _, rv := range versions {
		if c, err := eligibility.Compile(rv.Rule); err == nil {
			rules[rv.ID] = c
		}
	}
	var mu sync.Mutex
	params := map[clock.Month]map[string]int64{}
	paramsOf := func(month clock.Month) (map[string]int64, error) {
		mu.Lock()
		defer mu.Unlock()
		if p, ok := params[month]; ok {
			return p, nil
		}
		p, err := s.store.Params(ctx, programID, clock.NewDate(month.Year, month.Month, 1))
		if err == nil {
			params[month] = p
		}
		return p, err
	}
	return func(ruleID int64, inputs string, from, to clock.Month) (money.Amount, error) {
		c, ok := rules[ruleID]
		if !ok {
			return 0, fmt.Errorf("the decision's rule version (%d) is unknown or no longer compiles", ruleID)
		}
		in, err := eligibility.ParseInput([]byte(inputs)) // once for all the months
		if err != nil {
			return 0, err
		}
		var sum money.Amount
		for month := from; !to.Before(month); month = month.Add(1) {
			if in.Params, err = paramsOf(month); err != nil {
				return 0, err
			}
			d, err := c.Evaluate(ctx, in)
			switch {
			case err != nil:
				return 0, fmt.Errorf("%s for %s: %w", c.Rule.Ref(), month, err)
			case !d.Eligible:
				return 0, fmt.Errorf("%s for %s no longer grants it: %s", c.Rule.Ref(), month, c.Explain(d, "en"))
			}
			sum += d.Amount
		}
		return sum, nil
	}, nil
}
