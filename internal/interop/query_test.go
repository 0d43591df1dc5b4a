package interop

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/dost-platform/dost/internal/identity"
)

// TestCompile: a UIN alone is an exact FİN look-up — a FİN of letters only too, which the
// registry's free-text search would read as a name — and the subset refuses what it lacks.
func TestCompile(t *testing.T) {
	all := identity.Client{Fields: Fields}
	for _, c := range []struct {
		typ, query, fin, text string
		refused               bool
	}{
		{"idtype-value", `{"type": "UIN", "value": "mpyquaw"}`, "MPYQUAW", "MPYQUAW", false},
		{"predicate", `[{"expression1": {"attribute_name": "UIN", "operator": "eq", "attribute_value": "5AB12CD"}}]`, "5AB12CD", "5AB12CD", false},
		{"expression", `{"value": {"expression": {"query": {"$and": [{"name": {"$eq": "Əliyev Vüqar"}}, {"birth_date": {"$eq": "1980-02-03"}}]}}}}`, "", "Əliyev Vüqar", false},
		{"expression", `{"value": {"expression": {"query": {"$and": [{"name": {"$eq": "Əliyev Vüqar"}}, {"YOB": {"$eq": 1980}}]}}}}`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": "Mə"}}]`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": "A"}, "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "2020-01-01"}}]`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": "Əliyev ."}, "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "2020-01-01"}}]`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "name", "operator": "lt", "attribute_value": "A"}}]`, "", "", true},
		{"expression", `{"value": {"expression": {"query": {"$or": [{"name": {"$eq": "A"}}]}}}}`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "2020-01-01"}}]`, "", "", true},
		{"graphql", `{}`, "", "", true},
	} {
		q, fin, err := compileUIN(all, c.typ, json.RawMessage(c.query))
		if c.refused {
			if !errors.Is(err, errCriteria) {
				t.Errorf("%s %s: %v, want refused", c.typ, c.query, err)
			}
			continue
		}
		if err != nil || fin != c.fin || q.Text != c.text {
			t.Errorf("%s %s: fin %q text %q %v", c.typ, c.query, fin, q.Text, err)
		}
	}
}

// TestAttackSearchBeyondAgreement: a client whose agreement allows only the FİN cannot search
// by name or birth date — the answer would confirm a name or a guessed birth date it may not read.
func TestAttackSearchBeyondAgreement(t *testing.T) {
	uinOnly := identity.Client{Fields: []string{FieldUIN}}
	for _, query := range []string{
		`[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": "Məmmədov Əli"}, "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "1980-01-01"}}]`,
		`[{"expression1": {"attribute_name": "UIN", "operator": "eq", "attribute_value": "5AB12CD"}, "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "1980-01-01"}}]`,
	} {
		if _, _, err := compileUIN(uinOnly, "predicate", json.RawMessage(query)); !errors.Is(err, errCriteria) {
			t.Errorf("%s: %v, want refused", query, err)
		}
	}
	noBirth := identity.Client{Fields: []string{FieldUIN, FieldName}}
	if _, _, err := compileUIN(noBirth, "predicate", json.RawMessage(`[{"expression1": {"attribute_name": "UIN", "operator": "eq", "attribute_value": "5AB12CD"}, "expression2": {"attribute_name": "YOB", "operator": "eq", "attribute_value": 1980}}]`)); !errors.Is(err, errCriteria) {
		t.Errorf("YOB without birth_date allowed: %v", err)
	}
	if _, _, err := compileUIN(uinOnly, "idtype-value", json.RawMessage(`{"type": "UIN", "value": "5AB12CD"}`)); err != nil {
		t.Errorf("UIN refused: %v", err)
	}
}
