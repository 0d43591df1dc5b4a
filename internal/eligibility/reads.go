package eligibility

import (
	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
)

// Reads is what a rule's expressions read of its input: the fields selected by name on
// person and on household. Whole is set when an expression uses person or household other
// than by a named field (household["size"], a comprehension variable of that name, passing
// the map itself): then any field may be read.
type Reads struct {
	Person    map[string]bool
	Household map[string]bool
	Whole     bool
	Params    []ParamUse // every params.name the expressions read, where
}

// ParamUse is one place a rule reads a programme parameter by name: the expression's field in
// the rule ("amount", "conditions[0].expr") and the line and column within it. Parameters
// are the programme's, not facts, so the type checker cannot know them; the programme checks
// them when the rule is saved (programs.SaveRule).
type ParamUse struct {
	Name, Field  string
	Line, Column int
}

// paramUses adds to r the parameters one checked expression reads by name.
func paramUses(ast *cel.Ast, field string, r *Reads) {
	native := ast.NativeRep()
	celast.PreOrderVisit(native.Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.SelectKind {
			return
		}
		s := e.AsSelect()
		if op := s.Operand(); op.Kind() == celast.IdentKind && op.AsIdent() == "params" {
			loc := native.SourceInfo().GetStartLocation(e.ID())
			r.Params = append(r.Params, ParamUse{Name: s.FieldName(), Field: field, Line: loc.Line(), Column: loc.Column() + 1})
		}
	}))
}

// Reads reports what the rule reads, over all its expressions. A whole-registry pass (a dry
// run) uses it to compute only those facts.
func (c *Compiled) Reads() Reads { return c.reads }

// addReads adds what one checked expression reads to r.
func addReads(ast *cel.Ast, r *Reads) {
	idents := map[string]int{}
	selected := map[string]int{}
	celast.PreOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		switch e.Kind() {
		case celast.IdentKind:
			idents[e.AsIdent()]++
		case celast.SelectKind:
			s := e.AsSelect()
			if op := s.Operand(); op.Kind() == celast.IdentKind {
				switch op.AsIdent() {
				case "person":
					r.Person[s.FieldName()] = true
				case "household":
					r.Household[s.FieldName()] = true
				default:
					return
				}
				selected[op.AsIdent()]++
			}
		}
	}))
	for _, v := range []string{"person", "household"} {
		if idents[v] > selected[v] {
			r.Whole = true
		}
	}
}
