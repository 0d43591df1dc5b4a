package eligibility

import (
	"fmt"
	"regexp"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// costLimit bounds the work one evaluation may do; a rule over a household of any realistic
// size stays far below it.
const costLimit = 100000

// env declares the variables every rule may read: the applicant, their household (with its
// members), and the programme's dated parameters in force on the decision day. The applicant,
// the household and its members are typed objects whose fields are the facts the domains
// offer (Offer), so the type checker refuses a misspelt fact or one used as the wrong type.
func env() (*cel.Env, error) {
	base, err := types.NewRegistry()
	if err != nil {
		return nil, err
	}
	return cel.NewEnv(
		cel.CustomTypeProvider(newFactTypes(base)),
		cel.Variable("person", cel.ObjectType(typeName(PersonObject))),
		cel.Variable("household", cel.ObjectType(typeName(HouseholdObject))),
		cel.Variable("params", cel.MapType(cel.StringType, cel.IntType)),
		presence(),
	)
}

// presence lets a rule ask whether a fact is there by name ("income_12m" in household), as
// it could when the facts were untyped maps. A computed name cannot reach an identifying
// fact: those are stripped from the input (Strip).
func presence() cel.EnvOption {
	var overloads []cel.FunctionOpt
	for _, o := range []string{PersonObject, HouseholdObject, MemberObject} {
		overloads = append(overloads, cel.Overload("in_string_"+o, []*cel.Type{cel.StringType, cel.ObjectType(typeName(o))}, cel.BoolType))
	}
	return cel.Function(operators.In, overloads...) // CEL's own "in" looks the key up in the map at run time
}

// Compiled is a rule whose expressions passed the type checker, ready to evaluate.
type Compiled struct {
	Rule       Rule
	review     []cel.Program
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
	for i, cond := range r.Review {
		c.review = append(c.review, program(e, fmt.Sprintf("review[%d].expr", i), cond.Expr, cel.BoolType, &errs, &c.reads))
	}
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
// is checked when the rule runs). What it reads is added to reads. Identifying facts are
// looked for before the type check, so that naming one is refused as such, however spelt.
func program(e *cel.Env, field, expr string, want *cel.Type, errs *fail.Fields, reads *Reads) cel.Program {
	parsed, iss := e.Parse(expr)
	if iss != nil && iss.Err() != nil {
		addIssues(field, iss.Errors(), "invalid.rule_syntax", errs)
		return nil
	}
	if !refuseIdentifying(parsed, field, errs) {
		return nil
	}
	ast, iss := e.Check(parsed)
	if iss != nil && iss.Err() != nil {
		addIssues(field, iss.Errors(), "invalid.rule_expr", errs)
		return nil
	}
	addReads(ast, reads)
	paramUses(ast, field, reads)
	if want != nil && !ast.OutputType().IsExactType(want) && !ast.OutputType().IsExactType(cel.DynType) {
		errs.Add(field, "invalid.rule_type", map[string]any{"Want": want.String(), "Got": ast.OutputType().String(), "Line": 1, "Column": 1})
		return nil
	}
	p, err := e.Program(ast, cel.CostLimit(costLimit))
	if err != nil {
		errs.Add(field, "invalid.rule_expr", map[string]any{"Line": 1, "Column": 1, "Message": err.Error()})
	}
	return p
}

// The type checker's messages that have a sentence of their own in the three languages.
var (
	unknownFact   = regexp.MustCompile(`^undefined field '([^']*)'`)
	unknownName   = regexp.MustCompile(`^undeclared reference to '([^']*)'`)
	wrongOperands = regexp.MustCompile(`^found no matching overload for '([^']*)' applied to '(.*)'`)
)

// addIssues adds one field error per CEL error, with its line and column (1-based) within
// the expression: an unknown fact, an unknown name and values of the wrong type are named
// in the user's language; anything else (fallback) keeps CEL's message.
func addIssues(field string, issues []*common.Error, fallback string, errs *fail.Fields) {
	for _, ce := range issues {
		args := map[string]any{"Line": ce.Location.Line(), "Column": ce.Location.Column() + 1, "Message": ce.Message}
		key := fallback
		if m := unknownFact.FindStringSubmatch(ce.Message); m != nil {
			key, args["Fact"] = "invalid.rule_unknown_fact", m[1]
		} else if m := unknownName.FindStringSubmatch(ce.Message); m != nil {
			key, args["Name"] = "invalid.rule_unknown_name", m[1]
		} else if m := wrongOperands.FindStringSubmatch(ce.Message); m != nil {
			key, args["Operator"], args["Types"] = "invalid.rule_wrong_types", operator(m[1]), m[2]
		}
		errs.Add(field, key, args)
	}
}

// operator turns CEL's internal name of an operator ("_<_", "_+_") back into what the
// analyst typed.
func operator(name string) string {
	if len(name) > 2 && name[0] == '_' && name[len(name)-1] == '_' {
		return name[1 : len(name)-1]
	}
	return name
}
