package eligibility

import (
	"slices"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// Identifying are the facts that say who a person is rather than what their situation is:
// FİN, names, address, phone, e-mail and bank account. No rule needs them to decide a right,
// and a rule that could read them would let whoever writes a draft single out one person and
// read their age, income and disability through a dry run. So they are taken out of the facts
// every rule gets (Strip), and a rule naming one is refused when it is saved (Compile). Age,
// birth date, sex, categories, income, disability and whether there is a bank account stay.
var Identifying = []string{"fin", "name", "full_name", "first_name", "last_name", "patronymic",
	"address", "phone", "email", "e_mail", "iban", "bank_account"}

// Strip removes the identifying facts from in's person, household and every household
// member, in place (a delete costs nothing when the fact is not there), so that no rule —
// however written — can read them, and a stored input snapshot does not keep them.
func Strip(in *Input) {
	forget(in.Person)
	forget(in.Household)
	if members, ok := in.Household["members"].([]any); ok {
		for _, m := range members {
			if m, ok := m.(map[string]any); ok {
				forget(m)
			}
		}
	}
}

func forget(m map[string]any) {
	for _, k := range Identifying {
		delete(m, k)
	}
}

// refuseIdentifying adds an error, with its line and column, for every place the expression
// names an identifying fact: as a field (person.fin, m.fin inside household.members.exists,
// has(person.fin)) or as a key (person["fin"]). It reports whether the expression is clean.
func refuseIdentifying(ast *cel.Ast, field string, errs *fail.Fields) bool {
	native := ast.NativeRep()
	clean := true
	celast.PreOrderVisit(native.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		var name string
		switch e.Kind() {
		case celast.SelectKind:
			name = e.AsSelect().FieldName()
		case celast.LiteralKind:
			if s, ok := e.AsLiteral().(types.String); ok {
				name = string(s)
			}
		}
		if !slices.Contains(Identifying, name) {
			return
		}
		loc := native.SourceInfo().GetStartLocation(e.ID())
		errs.Add(field, "invalid.rule_identifying", map[string]any{"Field": name, "Line": loc.Line(), "Column": loc.Column() + 1})
		clean = false
	}))
	return clean
}
