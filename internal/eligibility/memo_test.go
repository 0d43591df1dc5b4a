package eligibility

import (
	"context"
	"reflect"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestMemoGivesEvaluatesDecisions: a draft and the version in force evaluated on the same
// inputs with one memo per input decide, explain and fail exactly as each evaluated alone —
// the shared expressions run once (the memo holds them), the one they differ in runs for each.
func TestMemoGivesEvaluatesDecisions(t *testing.T) {
	draft := tssa
	draft.Version = 2
	draft.Amount = "params.need_criterion * household.size - household.avg_monthly_income + 1000"
	current, next := must(Compile(tssa)), must(Compile(draft))
	for _, h := range []map[string]any{
		{"size": int64(4), "avg_monthly_income": int64(40000)},
		{"size": int64(2), "avg_monthly_income": int64(70000)},
		{"size": int64(3)}, // no income figure: every version fails on it
	} {
		in := Input{Day: clock.NewDate(2020, 6, 1), Household: h, Params: map[string]int64{"need_criterion": 16000}}
		memo := Memo{}
		for _, c := range []*Compiled{next, current} {
			alone, aerr := c.Evaluate(context.Background(), in)
			got, gerr := c.EvaluateMemo(context.Background(), in, memo)
			if (aerr == nil) != (gerr == nil) || !reflect.DeepEqual(alone, got) || aerr == nil && c.Explain(alone, "en") != c.Explain(got, "en") {
				t.Fatalf("%s on %v: alone %+v, %v; with the memo %+v, %v", c.Rule.Ref(), h, alone, aerr, got, gerr)
			}
		}
		// an eligible case: four values and a condition shared, and the two amounts
		if h["avg_monthly_income"] == int64(40000) && len(memo) != len(tssa.Values)+1+2 {
			t.Fatalf("memo holds %d expressions: %v", len(memo), memo)
		}
	}
}

func must(c *Compiled, err error) *Compiled {
	if err != nil {
		panic(err)
	}
	return c
}
