package eligibility

import (
	"context"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestReviewConditionRefersTheCase: when a review condition fails the rule neither grants nor
// refuses — no condition or amount is decided — and the explanation says what is missing and
// that an officer decides; when it holds the rule decides as before.
func TestReviewConditionRefersTheCase(t *testing.T) {
	r := tssa
	r.Review = []Condition{{Name: "income_known", Expr: "household.income_known",
		Held:   Text{EN: "the income is known"},
		Failed: Text{EN: "the income of {members} members is not on record for the 12 months"}}}
	r.Referred = Text{EN: "so an officer reviews the application"}
	c, err := Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Day: clock.NewDate(2026, 6, 1), Params: map[string]int64{"need_criterion": 30000},
		Household: map[string]any{"size": int64(4), "avg_monthly_income": int64(0), "income_known": false}}
	d, err := c.Evaluate(context.Background(), in)
	if err != nil || !d.Review || d.Eligible || d.Amount != 0 || len(d.Steps) != 0 || len(d.Checks) != 1 || d.Checks[0].Held {
		t.Fatalf("unknown income: %+v, %v", d, err)
	}
	if got := c.Explain(d, "en"); got != "the income of 4 members is not on record for the 12 months, so an officer reviews the application." {
		t.Fatalf("explanation %q", got)
	}
	in.Household["income_known"] = true
	d, err = c.Evaluate(context.Background(), in)
	if err != nil || d.Review || !d.Eligible || d.Amount != 120000 {
		t.Fatalf("known income: %+v, %v", d, err)
	}
	delete(in.Household, "income_known")
	if _, err := c.Evaluate(context.Background(), in); err == nil {
		t.Fatal("a review condition over a missing fact passed")
	}
}
