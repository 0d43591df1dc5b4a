package eligibility

import (
	"context"
	"errors"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// tssa is Targeted State Social Assistance as domain.md states it: a family whose average
// monthly income is below need criterion × members receives the difference.
var tssa = Rule{
	Program: "TSSA", Version: 1, EffectiveFrom: clock.NewDate(2019, 1, 1),
	Values: []Value{
		{Name: "income", Expr: "household.avg_monthly_income", Money: true},
		{Name: "members", Expr: "household.size"},
		{Name: "need", Expr: "params.need_criterion", Money: true},
		{Name: "threshold", Expr: "params.need_criterion * household.size", Money: true},
	},
	Conditions: []Condition{{
		Name: "income_below_need",
		Expr: "household.avg_monthly_income < params.need_criterion * household.size",
		Held: Text{AZ: "Ailənin gəliri {income} {members} × {need} = {threshold} həddindən azdır",
			EN: "Family income {income} is below {members} × {need} = {threshold}",
			RU: "Доход семьи {income} ниже {members} × {need} = {threshold}"},
		Failed: Text{AZ: "Ailənin gəliri {income} {members} × {need} = {threshold} həddindən az deyil",
			EN: "Family income {income} is not below {members} × {need} = {threshold}",
			RU: "Доход семьи {income} не ниже {members} × {need} = {threshold}"},
	}},
	Amount: "params.need_criterion * household.size - household.avg_monthly_income",
	Granted: Text{AZ: "buna görə ailəyə ayda {amount} təyin edilir",
		EN: "so the family is eligible for {amount} a month",
		RU: "поэтому семье назначается {amount} в месяц"},
}

func TestTSSADecisionIsExplained(t *testing.T) {
	c, err := Compile(tssa)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Day: clock.NewDate(2020, 6, 1), Household: map[string]any{"size": int64(4), "avg_monthly_income": int64(40000)},
		Params: map[string]int64{"need_criterion": 16000}}
	d, err := c.Evaluate(context.Background(), in)
	if err != nil || !d.Eligible || d.Amount != 24000 {
		t.Fatalf("decision = %+v, %v", d, err)
	}
	want := "Family income ₼400.00 is below 4 × ₼160.00 = ₼640.00, so the family is eligible for ₼240.00 a month."
	if got := c.Explain(d, "en"); got != want {
		t.Fatalf("explanation\n got %q\nwant %q", got, want)
	}
	if got := c.Explain(d, "ru"); got != "Доход семьи 400,00 ₼ ниже 4 × 160,00 ₼ = 640,00 ₼, поэтому семье назначается 240,00 ₼ в месяц." {
		t.Fatalf("ru: %q", got)
	}
	in.Household["avg_monthly_income"] = int64(70000)
	d, err = c.Evaluate(context.Background(), in)
	if err != nil || d.Eligible || d.Amount != 0 {
		t.Fatalf("rich family: %+v, %v", d, err)
	}
	if got := c.Explain(d, "az"); got != "Ailənin gəliri 700,00 ₼ 4 × 160,00 ₼ = 640,00 ₼ həddindən az deyil." {
		t.Fatalf("az refusal: %q", got)
	}
}

func TestRuleThatDoesNotTypeCheckIsRefusedWithPosition(t *testing.T) {
	bad := tssa
	bad.Conditions = []Condition{{Name: "typo", Expr: "househod.size > 1"}, {Name: "syntax", Expr: "household.size <"}}
	bad.Amount = `"two hundred"`
	_, err := Compile(bad)
	var fields fail.Fields
	if !errors.As(err, &fields) || len(fields) != 3 {
		t.Fatalf("err = %v", err)
	}
	if f := fields[0]; f.Name != "conditions[0].expr" || f.Args["Column"] != 1 || f.Args["Line"] != 1 {
		t.Fatalf("typo reported as %+v", f)
	}
	if f := fields[1]; f.Name != "conditions[1].expr" || f.Args["Column"].(int) < 16 {
		t.Fatalf("syntax error reported as %+v", f)
	}
	if f := fields[2]; f.Name != "amount" || f.Key != "invalid.rule_type" {
		t.Fatalf("wrong amount type reported as %+v", f)
	}
}

func TestRuntimeFailureIsAnErrorNotAZero(t *testing.T) {
	c, _ := Compile(tssa)
	_, err := c.Evaluate(context.Background(), Input{Household: map[string]any{"size": int64(3)}, Params: map[string]int64{"need_criterion": 30000}})
	if !errors.Is(err, ErrRuleFailed) {
		t.Fatalf("missing income: %v, want ErrRuleFailed", err)
	}
	neg := tssa
	neg.Amount = "household.avg_monthly_income - params.need_criterion * household.size"
	c, _ = Compile(neg)
	_, err = c.Evaluate(context.Background(), Input{Household: map[string]any{"size": int64(3), "avg_monthly_income": int64(100)}, Params: map[string]int64{"need_criterion": 30000}})
	if !errors.Is(err, ErrRuleFailed) {
		t.Fatalf("negative amount: %v, want ErrRuleFailed", err)
	}
}

func TestCostLimitStopsRunawayRules(t *testing.T) {
	heavy := tssa
	heavy.Conditions = []Condition{{Name: "heavy", Expr: "household.members.all(a, household.members.all(b, household.members.all(c, a.age + b.age + c.age >= 0)))"}}
	c, err := Compile(heavy)
	if err != nil {
		t.Fatal(err)
	}
	members := make([]any, 200)
	for i := range members {
		members[i] = map[string]any{"age": int64(i)}
	}
	_, err = c.Evaluate(context.Background(), Input{Household: map[string]any{"members": members, "size": int64(200), "avg_monthly_income": int64(0)}, Params: map[string]int64{"need_criterion": 1}})
	if !errors.Is(err, ErrRuleFailed) {
		t.Fatalf("runaway rule: %v, want the cost limit to stop it", err)
	}
}

// BenchmarkEvaluate is one TSSA decision over a household of four: what a dry run does twice
// per household (docs/PERFORMANCE.md).
func BenchmarkEvaluate(b *testing.B) {
	c, err := Compile(tssa)
	if err != nil {
		b.Fatal(err)
	}
	member := map[string]any{"fin": "1AB2C3D", "age": int64(40), "categories": []any{}}
	in := Input{Day: clock.NewDate(2026, 6, 1), Person: member,
		Household: map[string]any{"size": int64(4), "avg_monthly_income": int64(40000), "members": []any{member, member, member, member}},
		Params:    map[string]int64{"need_criterion": 30000}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Evaluate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
