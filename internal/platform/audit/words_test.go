package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	_ "github.com/dost-platform/dost/internal/platform/i18n"
)

// TestEveryPurposeWrittenIsTranslated reads the source of every package for the purposes it
// writes — audit.For's third argument, an Entry's Purpose, the purpose a registry read is made
// for — and fails on one the catalogues do not translate into az and ru, so that a purpose
// added later cannot reach the audit page raw. A purpose built from a word and a code
// ("decision "+code) is checked by its word.
func TestEveryPurposeWrittenIsTranslated(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	found := map[string]string{}
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
				if s, ok := x.Fun.(*ast.SelectorExpr); ok {
					switch {
					case s.Sel.Name == "For" && len(x.Args) == 6:
						e = x.Args[2]
					case s.Sel.Name == "Person" && len(x.Args) == 3, s.Sel.Name == "Facts" && len(x.Args) == 4:
						e = x.Args[len(x.Args)-1]
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Purpose" {
					e = x.Value
				}
			}
			if p, ok := leadingWord(e); ok {
				found[p] = fset.Position(e.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 30 {
		t.Fatalf("only %d purposes found in the source: %v", len(found), found)
	}
	for p, where := range found {
		for _, lang := range []string{"az", "ru"} {
			if audit.PurposeIn(lang, p) == p {
				t.Errorf("%s: purpose %q has no %s text", where, p, lang)
			}
		}
	}
}

// leadingWord is the literal a purpose starts with: the whole of "a literal", the left of
// "a literal" + something, without trailing space and bracket.
func leadingWord(e ast.Expr) (string, bool) {
	for {
		b, ok := e.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			break
		}
		e = b.X
	}
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "", false
	}
	s, _ := strconv.Unquote(l.Value)
	s = strings.TrimRight(s, " (")
	return s, s != "" && s != "test" && !strings.HasSuffix(s, ".") // a message key prefix is not a purpose
}

// TestDetailIn: a detail's fixed words are translated and its identifiers kept; a count takes
// its plural form; a detail dost does not know is shown as stored.
func TestDetailIn(t *testing.T) {
	for _, c := range []struct{ lang, stored, want string }{
		{"ru", "approved", "утверждено"},
		{"ru", "prepared TSSA 2026-11", "подготовлен TSSA 2026-11"},
		{"ru", "21 pending shown", "21 ожидающий показан"},
		{"ru", "5 pending shown", "5 ожидающих показано"},
		{"ru", "3 shown: 0201, 0202", "3 показаны: 0201, 0202"},
		{"az", "2 lines, 300.00 AZN", "2 sətir, 300.00 AZN"},
		{"en", "1 members", "1 member"},
		{"ru", "fields=iban,phone", "fields=iban,phone"},
		{"ru", "person 5: changed at once", "person 5: changed at once"},
	} {
		if got := audit.DetailIn(c.lang, c.stored); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.stored, got, c.want)
		}
	}
}

// TestOldRowsAndListReadsInTheReadersLanguage: the audit page once showed, in Azerbaijani and
// Russian, "list" as the object of a list download and old rows' details "registered" and
// "csv /applications?escalated=1" in English; identifiers stay as stored.
func TestOldRowsAndListReadsInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct{ lang, got, want string }{
		{"az", audit.EntityIDIn("az", "list"), "siyahı"},
		{"ru", audit.EntityIDIn("ru", "list"), "список"},
		{"ru", audit.EntityIDIn("ru", "1SL8VXN"), "1SL8VXN"},
		{"ru", audit.EntityIDIn("ru", "fake"), "fake"},
		{"az", audit.DetailIn("az", "registered"), "qeydə alınıb"},
		{"ru", audit.DetailIn("ru", "csv /applications?escalated=1"), "выгрузка CSV: /applications?escalated=1"},
		{"az", audit.DetailIn("az", "xlsx /appeals"), "XLSX yükləmə: /appeals"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, c.got, c.want)
		}
	}
}
