package eligibility

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// refusal compiles r, places its errors in r's JSON document and returns them with the
// document's lines.
func refusal(t *testing.T, r Rule) (fail.Fields, []string) {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" as an analyst types it, not \u003c
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	doc := []byte(b.String())
	_, err := Compile(r)
	var fields fail.Fields
	if !errors.As(InDocument(doc, err), &fields) {
		t.Fatalf("the rule was not refused: %v", err)
	}
	return fields, strings.Split(string(doc), "\n")
}

// at is the document text from an error's line and column on.
func at(lines []string, f fail.Field) string {
	line := []rune(lines[f.Args["Line"].(int)-1])
	return string(line[f.Args["Column"].(int)-1:])
}

// TestTypoInAFactIsRefusedWithItsPositionInTheDocument: the typo that once made every TSSA
// decision fail after activation is refused on save, naming the fact, at its line and column
// in the rule's JSON as the analyst wrote it (not within the one expression).
func TestTypoInAFactIsRefusedWithItsPositionInTheDocument(t *testing.T) {
	bad := tssa
	bad.Conditions = []Condition{tssa.Conditions[0], {Name: "typo", Expr: `person.sex == "f\"x" &&` + "\n" + `household.avg_monthly_incom < 1`}}
	fields, lines := refusal(t, bad)
	if len(fields) != 1 || fields[0].Key != "invalid.rule_unknown_fact" || fields[0].Args["Fact"] != "avg_monthly_incom" || fields[0].Name != "conditions[1].expr" {
		t.Fatalf("refusal = %+v", fields)
	}
	if got := at(lines, fields[0]); !strings.HasPrefix(got, ".avg_monthly_incom < 1") || fields[0].Args["Line"].(int) < 20 {
		t.Fatalf("line %v column %v points at %q", fields[0].Args["Line"], fields[0].Args["Column"], got)
	}
	members := tssa
	members.Amount = "household.members.filter(m, m.age >= 18).size() * household.members[0].incom"
	fields, lines = refusal(t, members)
	if len(fields) != 1 || fields[0].Args["Fact"] != "incom" || !strings.HasPrefix(at(lines, fields[0]), ".incom\"") {
		t.Fatalf("a member's unknown fact: %+v", fields)
	}
}

// TestWrongTypeIsRefused: a fact compared with a value of another type (a string with a
// number) is refused on save with its operator and position.
func TestWrongTypeIsRefused(t *testing.T) {
	bad := tssa
	bad.Conditions = []Condition{{Name: "size", Expr: `household.size > "3"`}}
	fields, lines := refusal(t, bad)
	if len(fields) != 1 || fields[0].Key != "invalid.rule_wrong_types" || fields[0].Args["Operator"] != ">" {
		t.Fatalf("refusal = %+v", fields)
	}
	if got := at(lines, fields[0]); !strings.HasPrefix(got, `> \"3\"`) {
		t.Fatalf("points at %q", got)
	}
	bad.Conditions = []Condition{{Name: "disabled", Expr: `person.disabled`}}
	bad.Amount = `person.categories`
	fields, lines = refusal(t, bad)
	if len(fields) != 1 || fields[0].Key != "invalid.rule_type" || !strings.HasPrefix(at(lines, fields[0]), `person.categories"`) {
		t.Fatalf("an amount that is a list: %+v", fields)
	}
}
