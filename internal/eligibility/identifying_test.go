package eligibility

import (
	"context"
	"errors"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// rule is a one-condition rule over expr.
func rule(expr string) Rule {
	return Rule{Program: "X", Version: 1, Conditions: []Condition{{Name: "c", Expr: expr}}, Amount: "1"}
}

// TestAttackRuleNamingIdentifyingFieldIsRefused: a draft that singles a person out by FİN (or
// any identifying field, however it is spelt) is refused on save, naming the field with its
// line and column.
func TestAttackRuleNamingIdentifyingFieldIsRefused(t *testing.T) {
	for _, expr := range []string{
		`person.fin == "5ABCDE1" && person.avg_monthly_income > 30000`,
		`household.members.exists(m, m.fin == "5ABCDE1" && m.disabled)`,
		`person["fin"] == "5ABCDE1"`,
		`has(person.iban)`,
		`person.last_name.startsWith("Q")`,
		"person.age > 40 &&\n  household.address != \"\"",
	} {
		_, err := Compile(rule(expr))
		var fields fail.Fields
		if !errors.As(err, &fields) || fields[0].Key != "invalid.rule_identifying" || fields[0].Name != "conditions[0].expr" ||
			fields[0].Args["Field"] == "" || fields[0].Args["Line"] == nil || fields[0].Args["Column"] == nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
	_, err := Compile(rule("household.address != ''\n&& person.age > 1"))
	var fields fail.Fields
	if errors.As(err, &fields); len(fields) != 1 || fields[0].Args["Line"] != 1 || fields[0].Args["Column"] != 10 || fields[0].Args["Field"] != "address" {
		t.Fatalf("position of the field: %v", fields)
	}
	if _, err := Compile(rule(`person.age >= 18 && person.has_bank_account && "disabled" in person.categories`)); err != nil {
		t.Fatalf("a rule over non-identifying facts: %v", err)
	}
}

// TestAttackRuleCannotSeeFIN: a rule that spells the field so that the check on save cannot
// see it still finds no FİN — not on the person, not on any household member — because the
// facts a rule gets have none; and the input snapshot kept with a decision has none either.
func TestAttackRuleCannotSeeFIN(t *testing.T) {
	member := func(fin string) map[string]any {
		return map[string]any{"fin": fin, "first_name": "Elvin", "age": int64(40), "phone": "+994501112233"}
	}
	in := func() Input {
		head := member("5ABCDE1")
		return Input{Day: clock.NewDate(2026, 1, 1), Person: head,
			Household: map[string]any{"size": int64(2), "address": "Nizami 1", "members": []any{head, member("5ABCDE2")}}}
	}
	for _, expr := range []string{
		`("f" + "in") in person`,
		`household.members.exists(m, ("f" + "in") in m || ("ph" + "one") in m || ("first_n" + "ame") in m)`,
		`("addr" + "ess") in household`,
	} {
		c, err := Compile(rule(expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		d, err := c.Evaluate(context.Background(), in())
		if err != nil || d.Eligible {
			t.Errorf("%s saw an identifying field: eligible=%v %v", expr, d.Eligible, err)
		}
		for _, m := range append([]any{d.Input.Person}, d.Input.Household["members"].([]any)...) {
			if _, ok := m.(map[string]any)["fin"]; ok {
				t.Fatalf("the snapshot keeps a FİN: %v", d.Input)
			}
		}
	}
	c, _ := Compile(rule(`person.age == 40`))
	if d, err := c.Evaluate(context.Background(), in()); err != nil || !d.Eligible {
		t.Fatalf("age stays readable: %+v %v", d, err)
	}
}
