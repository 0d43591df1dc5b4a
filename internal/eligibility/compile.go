package eligibility

import (
	"fmt"

	"cel.dev/cel-go/cel"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// costLimit bounds the work one evaluation may do; a rule over a household of any realistic
// size stays far below it.
const costLimit = 100000

// env declares the variables every rule may read: the applicant, their household (with its
// members), and the programme's dated parameters in force on the decision day.
func env() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("person", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("household", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("params", cel.MapType(cel.StringType, cel.IntType)),
	)
}

// Compiled is a rule whose expressions passed the type checker, ready to evaluate.
type Compiled struct {
	Rule       Rule
	conditions []cel.Program
	values     []cel.Program
	amount     cel.Program
	ref        string // Rule.Ref(), put on every decision
	reads      Reads
}

// Compile type-checks every expression of r and refuses the rule with the position of each
// error, so that a rule that cannot run is never saved.
func Compile(r Rule) (*Compiled, error) {
	e, err := env()
	if err != nil {
		return nil, err
	}
	c := &Compiled{Rule: r, ref: r.Ref(), reads: Reads{Person: map[string]bool{}, Household: map[string]bool{}}}
	var errs fail.Fields
	for i, cond := range r.Conditions {
		p := program(e, fmt.Sprintf("conditions[%d].expr", i), cond.Expr, cel.BoolType, &errs, &c.reads)
		c.conditions = append(c.conditions, p)
	}
	for i, v := range r.Values {
		c.values = append(c.values, program(e, fmt.Sprintf("values[%d].expr", i), v.Expr, nil, &errs, &c.reads))
	}
	c.amount = program(e, "amount", r.Amount, cel.IntType, &errs, &c.reads)
	if len(r.Conditions) == 0 {
		errs.Add("conditions", "invalid.rule_no_conditions", nil)
	}
	return c, errs.Err()
}

// program compiles one expression; want, when set, is the type it must have (dyn passes and
// is checked when the rule runs). What it reads is added to reads.
func program(e *cel.Env, field, expr string, want *cel.Type, errs *fail.Fields, reads *Reads) cel.Program {
	ast, iss := e.Compile(expr)
	if iss != nil && iss.Err() != nil {
		for _, ce := range iss.Errors() {
			errs.Add(field, "invalid.rule_expr", map[string]any{
				"Line": ce.Location.Line(), "Column": ce.Location.Column() + 1, "Message": ce.Message})
		}
		return nil
	}
	if !refuseIdentifying(ast, field, errs) {
		return nil
	}
	addReads(ast, reads)
	if want != nil && !ast.OutputType().IsExactType(want) && !ast.OutputType().IsExactType(cel.DynType) {
		errs.Add(field, "invalid.rule_type", map[string]any{"Want": want.String(), "Got": ast.OutputType().String()})
		return nil
	}
	p, err := e.Program(ast, cel.CostLimit(costLimit))
	if err != nil {
		errs.Add(field, "invalid.rule_expr", map[string]any{"Line": 1, "Column": 1, "Message": err.Error()})
	}
	return p
}
