package interop

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestCompile: a UIN alone is an exact FİN look-up — a FİN of letters only too, which the
// registry's free-text search would read as a name — and the subset refuses what it lacks.
func TestCompile(t *testing.T) {
	for _, c := range []struct {
		typ, query, fin, text string
		refused               bool
	}{
		{"idtype-value", `{"type": "UIN", "value": "mpyquaw"}`, "MPYQUAW", "MPYQUAW", false},
		{"predicate", `[{"expression1": {"attribute_name": "UIN", "operator": "eq", "attribute_value": "5AB12CD"}}]`, "5AB12CD", "5AB12CD", false},
		{"expression", `{"value": {"expression": {"query": {"$and": [{"name": {"$eq": "Əliyev Vüqar"}}, {"YOB": {"$eq": 1980}}]}}}}`, "", "Əliyev Vüqar", false},
		{"predicate", `[{"expression1": {"attribute_name": "name", "operator": "lt", "attribute_value": "A"}}]`, "", "", true},
		{"expression", `{"value": {"expression": {"query": {"$or": [{"name": {"$eq": "A"}}]}}}}`, "", "", true},
		{"predicate", `[{"expression1": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": "2020-01-01"}}]`, "", "", true},
		{"graphql", `{}`, "", "", true},
	} {
		q, fin, err := compileUIN(c.typ, json.RawMessage(c.query))
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
