package eligibility

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Input is what a rule reads, as plain values (numbers, strings, lists, maps) so that the
// same snapshot is stored with the decision and can replay it.
type Input struct {
	Day       clock.Date       `json:"day"`
	Person    map[string]any   `json:"person"`
	Household map[string]any   `json:"household"`
	Params    map[string]int64 `json:"params"`
}

// Step is one condition of a decision and whether it held.
type Step struct {
	Name string `json:"name"`
	Held bool   `json:"held"`
}

// Decision is the outcome of a rule for one input, with everything needed to explain it.
type Decision struct {
	Rule     string         `json:"rule"`
	Eligible bool           `json:"eligible"`
	Review   bool           `json:"review,omitempty"` // a review condition failed: an officer decides, never the rule
	Checks   []Step         `json:"checks,omitempty"` // the review conditions`
	Amount   money.Amount   `json:"amount"`
	Steps    []Step         `json:"steps"`
	Values   map[string]any `json:"values"`
	Input    Input          `json:"input"`
}

// ErrRuleFailed marks a rule that could not be evaluated for an input (a missing field, a
// wrong type, the cost limit). Callers turn it into an explicit exception, never a zero.
var ErrRuleFailed = errors.New("the rule could not be evaluated")

// Evaluate runs the rule on in. Every condition is evaluated, even after one fails, so that
// the explanation names all the reasons — unless a review condition fails: then the case is
// referred to an officer (Decision.Review) and the rule decides nothing more.
//
// The expressions run without polling ctx: the cost limit bounds each of them, and a
// context-aware evaluation costs a cancellable context and a frame per expression — half
// of a decision's time (BenchmarkEvaluate). Callers looping over many cases check ctx
// between them; ctx is checked once here.
func (c *Compiled) Evaluate(ctx context.Context, in Input) (Decision, error) {
	return c.EvaluateMemo(ctx, in, nil)
}

// Memo keeps the results of the expressions evaluated on one Input, by expression text, so
// that the versions of a rule evaluated on the same case — a dry run's draft and the version
// in force, which usually differ in one expression — compute each shared expression once. An
// expression's result depends only on the Input it reads, so the decisions are those of
// Evaluate. A Memo is for one Input: a new one for each case.
type Memo map[string]memoized

type memoized struct {
	val ref.Val
	err error
}

// EvaluateMemo is Evaluate with the results of expressions already evaluated on in kept in
// memo (nil: none kept).
func (c *Compiled) EvaluateMemo(ctx context.Context, in Input, memo Memo) (Decision, error) {
	d := Decision{Rule: c.ref, Eligible: true, Values: make(map[string]any, len(c.Rule.Values)),
		Steps: make([]Step, 0, len(c.Rule.Conditions)), Input: in}
	if err := ctx.Err(); err != nil {
		return d, err
	}
	Strip(&in) // in place: d.Input shares the maps, so the stored snapshot has no identifying facts either
	vars, err := cel.NewActivation(map[string]any{"person": orEmpty(in.Person), "household": orEmpty(in.Household), "params": in.Params})
	if err != nil {
		return d, err
	}
	for i, v := range c.Rule.Values {
		out, err := memo.eval(v.Expr, c.values[i], vars)
		if err != nil {
			return d, fmt.Errorf("%w: value %s: %v", ErrRuleFailed, v.Name, err)
		}
		d.Values[v.Name] = out.Value()
	}
	if err := c.check(vars, &d, memo); err != nil || d.Review {
		return d, err
	}
	for i, cond := range c.Rule.Conditions {
		out, err := memo.eval(cond.Expr, c.conditions[i], vars)
		if err != nil {
			return d, fmt.Errorf("%w: condition %s: %v", ErrRuleFailed, cond.Name, err)
		}
		held, ok := out.Value().(bool)
		if !ok {
			return d, fmt.Errorf("%w: condition %s gave %T, not a bool", ErrRuleFailed, cond.Name, out.Value())
		}
		d.Steps = append(d.Steps, Step{Name: cond.Name, Held: held})
		d.Eligible = d.Eligible && held
	}
	if !d.Eligible {
		return d, nil
	}
	out, err := memo.eval(c.Rule.Amount, c.amount, vars)
	if err != nil {
		return d, fmt.Errorf("%w: amount: %v", ErrRuleFailed, err)
	}
	n, ok := out.Value().(int64)
	if !ok || n < 0 {
		return d, fmt.Errorf("%w: amount gave %v, not a whole non-negative number of qəpik", ErrRuleFailed, out.Value())
	}
	d.Amount = money.Amount(n)
	return d, nil
}

// check evaluates the review conditions; one that fails refers the case to an officer, and
// then nothing else is decided: no condition, no amount.
func (c *Compiled) check(vars interpreter.Activation, d *Decision, memo Memo) error {
	for i, cond := range c.Rule.Review {
		out, err := memo.eval(cond.Expr, c.review[i], vars)
		if err != nil {
			return fmt.Errorf("%w: review condition %s: %v", ErrRuleFailed, cond.Name, err)
		}
		held, ok := out.Value().(bool)
		if !ok {
			return fmt.Errorf("%w: review condition %s gave %T, not a bool", ErrRuleFailed, cond.Name, out.Value())
		}
		d.Checks = append(d.Checks, Step{Name: cond.Name, Held: held})
		if !held {
			d.Review, d.Eligible = true, false
		}
	}
	return nil
}

// eval runs p, the program of expr, unless memo holds expr's result already.
func (m Memo) eval(expr string, p cel.Program, vars interpreter.Activation) (ref.Val, error) {
	if m == nil {
		out, _, err := p.Eval(vars)
		return out, err
	}
	if r, ok := m[expr]; ok {
		return r.val, r.err
	}
	out, _, err := p.Eval(vars)
	m[expr] = memoized{out, err}
	return out, err
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Explain renders the decision as one sentence in lang: each condition's clause joined by
// "; ", then the granted clause ("…, so the family is eligible for ₼240.00 a month").
//
// A referred decision names what the rule could not know, then the rule's referral
// sentence ("…, so an officer reviews the application").
func (c *Compiled) Explain(d Decision, lang string) string {
	var clauses []string
	if d.Review {
		for i, s := range d.Checks {
			if !s.Held {
				clauses = append(clauses, c.fill(c.Rule.Review[i].Failed.In(lang), d, lang))
			}
		}
		out := strings.Join(clauses, "; ")
		if t := c.fill(c.Rule.Referred.In(lang), d, lang); t != "" {
			out += ", " + t
		}
		return out + "."
	}
	for i, s := range d.Steps {
		t := c.Rule.Conditions[i].Failed
		if s.Held {
			t = c.Rule.Conditions[i].Held
		}
		clauses = append(clauses, c.fill(t.In(lang), d, lang))
	}
	out := strings.Join(clauses, "; ")
	if d.Eligible {
		out += ", " + c.fill(c.Rule.Granted.In(lang), d, lang)
	}
	return out + "."
}

// fill replaces {name} with the decision's values; amounts in qəpik are written in the
// reader's form ("240,00 ₼" in Azerbaijani, "₼240.00" in English), as everywhere else.
func (c *Compiled) fill(tmpl string, d Decision, lang string) string {
	pairs := []string{"{amount}", d.Amount.In(lang)}
	for _, v := range c.Rule.Values {
		text := fmt.Sprint(d.Values[v.Name])
		if n, ok := d.Values[v.Name].(int64); ok && v.Money {
			text = money.Amount(n).In(lang)
		}
		pairs = append(pairs, "{"+v.Name+"}", text)
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}
