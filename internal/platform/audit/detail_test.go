package audit_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/audit/audittest"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
)

// TestMsgShownInTheReadersLanguage: a structured detail is its message in each language, its
// words translated, its amount, date and month in the reader's form and its count in the
// plural form the number takes; a sentence from before is shown as it was, a word no
// catalogue has as its code.
func TestMsgShownInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct{ lang, stored, want string }{
		{"az", audit.Msg("bank_file", "Count", int64(2), "Total", money.Amount(123456)), "2 sətir, 1\u00a0234,56 ₼"},
		{"en", audit.Msg("bank_file", "Count", 1, "Total", money.Amount(123456)), "1 line, ₼1,234.56"},
		{"ru", audit.Msg("bank_file", "Count", 5, "Total", money.Amount(100)), "5 строк, 1,00 ₼"},
		{"ru", audit.Msg("parameter_from", "Param", audit.Word("audit.entity.rule"), "From", clock.NewDate(2026, 11, 30)), "правило с 30.11.2026"},
		{"en", audit.Msg("cycle_prepared", "Program", "TSSA", "Period", clock.Month{Year: 2026, Month: 11}), "prepared TSSA Nov 2026"},
		{"az", audit.Msg("fields", "Fields", audit.Words{"audit.channel.sms", "audit.channel.email"}), "sahələr: SMS, e-poçt"},
		{"ru", audit.Msg("source", "Source", audit.Word("source.no_such_source")), "источник: no_such_source"},
		{"ru", audit.WithArg(audit.Msg("rule_draft"), "Version", 3), "черновик, версия 3"},
		{"ru", "3 shown: 0201, 0202", "3 показаны: 0201, 0202"}, // a row written before
		{"ru", `{"key": broken`, `{"key": broken`},
	} {
		if got := audit.DetailIn(c.lang, c.stored); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.stored, got, c.want)
		}
	}
	if got := audit.EntityIn("ru", "payment_line"); got != "строка выплаты" {
		t.Errorf("entity payment_line in Russian: %q", got)
	}
	if got := audit.EntityIn("ru", "thing_of_2019"); got != "thing_of_2019" {
		t.Errorf("an unknown entity is shown as %q, not as stored", got)
	}
}

// TestStructuredDetailIsHashed: what the chain covers is the stored key and arguments, so a
// row whose argument is edited fails verification like any other edit, and a log with rows
// written before details were structured next to rows written after verifies whole.
func TestStructuredDetailIsHashed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 2) // sentence-era rows
		for _, detail := range []string{audit.Msg("shown", "Count", 3), audit.Msg("assigned_to", "Officer", "officer")} {
			e := audit.Entry{ActorLogin: "manager", Action: audit.Update, Purpose: "assignment", Entity: "application", EntityID: "x", Detail: detail}
			if err := f.log.Record(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		}
		if res := f.verify(t); res.Broken != nil || res.Rows != 4 {
			t.Fatalf("verify = %+v", res)
		}
		audittest.Tamper(t, d, `UPDATE audit_log SET detail = REPLACE(detail, '"officer"', '"someone"') WHERE id = 4`)
		if res := f.verify(t); res.Broken == nil || res.Broken.ID != 4 {
			t.Fatalf("an edited argument: %+v", res.Broken)
		}
	})
}

// TestEveryDetailWrittenIsAMessage reads the source of every package for the details it
// writes — audit.For's last argument, an Entry's Detail — and fails on one built from text
// (a sentence, "key=" words) rather than with audit.Msg, and on a Msg key or a literal Word
// that the catalogues do not translate into az, en and ru: a detail added later cannot reach
// the audit page in English.
func TestEveryDetailWrittenIsAMessage(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var details, keys int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var e ast.Expr
			switch x := n.(type) {
			case *ast.CallExpr:
				if s, ok := x.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "For" && len(x.Args) == 6 && isAudit(s.X) {
					e = x.Args[5]
				}
				if s, ok := x.Fun.(*ast.SelectorExpr); ok && isAudit(s.X) && s.Sel.Name == "Msg" && len(x.Args) > 0 {
					keys++
					checkKey(t, fset, x.Args[0], "audit.detail.")
					for _, a := range x.Args[1:] {
						if c, ok := a.(*ast.CallExpr); ok {
							if s, ok := c.Fun.(*ast.SelectorExpr); ok && isAudit(s.X) && s.Sel.Name == "Word" && len(c.Args) == 1 {
								checkKey(t, fset, c.Args[0], "")
							}
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Detail" {
					e = x.Value
				}
			case *ast.AssignStmt:
				if s, ok := x.Lhs[0].(*ast.SelectorExpr); ok && s.Sel.Name == "Detail" && len(x.Rhs) == 1 {
					e = x.Rhs[0]
				}
			}
			if e != nil && !strings.Contains(path, filepath.Join("platform", "web")) {
				details++
				if lit := textIn(e); lit != "" {
					t.Errorf("%s: a detail written as text (%s): write it with audit.Msg", fset.Position(e.Pos()), lit)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if details < 50 || keys < 50 {
		t.Fatalf("only %d details and %d messages found in the source", details, keys)
	}
}

func isAudit(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "audit"
}

// textIn is the first non-empty string literal in e outside a call of audit.Msg or
// audit.WithArg.
func textIn(e ast.Expr) string {
	found := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if s, ok := c.Fun.(*ast.SelectorExpr); ok && isAudit(s.X) && (s.Sel.Name == "Msg" || s.Sel.Name == "WithArg") {
				return false
			}
		}
		if l, ok := n.(*ast.BasicLit); ok && l.Kind == token.STRING && found == "" && l.Value != `""` {
			found = l.Value
		}
		return found == ""
	})
	return found
}

// checkKey fails when e is a literal key (after prefix) that a language lacks. A key built
// from a code ("exception_"+action) is checked by the app test that reads the page.
func checkKey(t *testing.T, fset *token.FileSet, e ast.Expr, prefix string) {
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return
	}
	key, _ := strconv.Unquote(l.Value)
	for _, lang := range []string{"az", "en", "ru"} {
		if s := i18n.Tr(lang, prefix+key, map[string]any{"Count": 2}); s == prefix+key || s == "" {
			t.Errorf("%s: %s has no %s text", fset.Position(e.Pos()), prefix+key, lang)
		}
	}
}
