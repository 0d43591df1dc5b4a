package interop

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/registry"
)

// errCriteria is a search criterion outside the supported subset (rjct.search_criteria.invalid).
var errCriteria = errors.New("rjct.search_criteria.invalid")

// condition is one attribute compared for equality: the only operator the subset has, since
// every supported attribute is answered from an index of the registry (FİN, folded name,
// birth date), never by a scan.
type condition struct {
	Attribute string
	Value     any
}

// compile turns a DCI query of queryType into a registry search. The subset (docs/DCI.md):
//
//   - idtype-value: {"type": "UIN", "value": "<FİN>"};
//   - predicate: a list of {"expression1": {"attribute_name", "operator": "eq",
//     "attribute_value"}, "condition": "and", "expression2": {…}} items, all joined by and;
//   - expression: {"type": "expression", "value": {"expression": {"query": {"$and":
//     [{"<attribute>": {"$eq": value}}, …]}}}} or a single {"<attribute>": {"$eq": value}}.
//
// Attributes: UIN (the FİN), name (surname and given name, in any usual spelling), birth_date
// (YYYY-MM-DD), YOB (year of birth). A UIN, or a full name (surname and given name) with the
// exact birth date, is required: a name alone would be a prefix search that lists the registry
// page by page. Client c may search only by attributes its agreement lets it read, so that an
// answer never confirms a fact (a guessed birth date, say) it may not see.
func compile(c identity.Client, queryType string, query json.RawMessage) (registry.Query, error) {
	q, _, err := compileUIN(c, queryType, query)
	return q, err
}

// compileUIN is compile that also says when the query is a FİN alone: that is looked up
// exactly, since the registry's free-text search reads a FİN without digits as a name.
func compileUIN(c identity.Client, queryType string, query json.RawMessage) (registry.Query, string, error) {
	var conds []condition
	var err error
	switch queryType {
	case "idtype-value":
		conds, err = idTypeValue(query)
	case "predicate":
		conds, err = predicates(query)
	case "expression":
		conds, err = expression(query)
	default:
		err = fmt.Errorf("%w: query_type %q is not supported", errCriteria, queryType)
	}
	if err != nil {
		return registry.Query{}, "", err
	}
	for _, cond := range conds {
		if f, known := attributeField[cond.Attribute]; known && !c.Allows(f) {
			return registry.Query{}, "", fmt.Errorf("%w: the agreement does not allow the attribute %q", errCriteria, cond.Attribute)
		}
	}
	q, err := toQuery(conds)
	if err == nil && len(conds) == 1 && conds[0].Attribute == "UIN" {
		return q, q.Text, nil
	}
	return q, "", err
}

// attributeField is the agreement's field each search attribute reveals: a search by it
// confirms or denies that field's value.
var attributeField = map[string]string{
	"UIN": FieldUIN, "name": FieldName, "surname": FieldName, "given_name": FieldName,
	"birth_date": FieldBirthDate, "YOB": FieldBirthDate,
}

func idTypeValue(query json.RawMessage) ([]condition, error) {
	var q struct {
		Type  string `json:"type"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal(query, &q); err != nil || !strings.EqualFold(q.Type, "UIN") {
		return nil, fmt.Errorf("%w: idtype-value needs {\"type\": \"UIN\", \"value\": FİN}", errCriteria)
	}
	return []condition{{Attribute: "UIN", Value: q.Value}}, nil
}

func predicates(query json.RawMessage) ([]condition, error) {
	type expr struct {
		Name     string `json:"attribute_name"`
		Operator string `json:"operator"`
		Value    any    `json:"attribute_value"`
	}
	var items []struct {
		Expression1 *expr  `json:"expression1"`
		Condition   string `json:"condition"`
		Expression2 *expr  `json:"expression2"`
	}
	if err := json.Unmarshal(query, &items); err != nil || len(items) == 0 {
		return nil, fmt.Errorf("%w: a predicate query is a list of expressions", errCriteria)
	}
	var conds []condition
	for _, it := range items {
		if it.Condition != "" && it.Condition != "and" {
			return nil, fmt.Errorf("%w: only the condition \"and\" is supported", errCriteria)
		}
		for _, e := range []*expr{it.Expression1, it.Expression2} {
			if e == nil {
				continue
			}
			if e.Operator != "eq" {
				return nil, fmt.Errorf("%w: only the operator \"eq\" is supported", errCriteria)
			}
			conds = append(conds, condition{Attribute: e.Name, Value: e.Value})
		}
	}
	return conds, nil
}

func expression(query json.RawMessage) ([]condition, error) {
	var q struct {
		Value struct {
			Expression struct {
				Query map[string]json.RawMessage `json:"query"`
			} `json:"expression"`
		} `json:"value"`
	}
	if err := json.Unmarshal(query, &q); err != nil || len(q.Value.Expression.Query) == 0 {
		return nil, fmt.Errorf("%w: an expression query is {\"value\": {\"expression\": {\"query\": …}}}", errCriteria)
	}
	terms := []map[string]json.RawMessage{q.Value.Expression.Query}
	if and, ok := q.Value.Expression.Query["$and"]; ok {
		terms = nil // a fresh slice: decoding into the old one would merge into its map
		if len(q.Value.Expression.Query) != 1 || json.Unmarshal(and, &terms) != nil {
			return nil, fmt.Errorf("%w: $and takes a list of conditions", errCriteria)
		}
	}
	var conds []condition
	for _, t := range terms {
		for attr, cmp := range t {
			var op map[string]any
			if json.Unmarshal(cmp, &op) != nil || len(op) != 1 || op["$eq"] == nil {
				return nil, fmt.Errorf("%w: only {\"$eq\": value} is supported, and $and", errCriteria)
			}
			conds = append(conds, condition{Attribute: attr, Value: op["$eq"]})
		}
	}
	return conds, nil
}

// toQuery maps the conditions onto the registry's search.
func toQuery(conds []condition) (registry.Query, error) {
	var q registry.Query
	var names []string
	for _, c := range conds {
		s, ok := c.Value.(string)
		if f, isNum := c.Value.(float64); isNum && c.Attribute == "YOB" {
			s, ok = fmt.Sprint(int(f)), true
		}
		if !ok || strings.TrimSpace(s) == "" {
			return q, fmt.Errorf("%w: %s needs a value", errCriteria, c.Attribute)
		}
		switch c.Attribute {
		case "UIN":
			fin, valid := registry.NormalizeFIN(s)
			if !valid || q.Text != "" {
				return q, fmt.Errorf("%w: UIN is a FİN of seven letters and digits, given once", errCriteria)
			}
			q.Text = fin
		case "name", "surname", "given_name":
			names = append(names, s)
		case "birth_date":
			d, err := clock.ParseDate(s)
			if err != nil {
				return q, fmt.Errorf("%w: birth_date is YYYY-MM-DD", errCriteria)
			}
			q.BirthDate = d
		case "YOB":
			if _, err := fmt.Sscan(s, &q.BirthYear); err != nil || q.BirthYear < 1900 {
				return q, fmt.Errorf("%w: YOB is a year", errCriteria)
			}
		default:
			return q, fmt.Errorf("%w: attribute %q is not supported", errCriteria, c.Attribute)
		}
	}
	if q.Text != "" && len(names) > 0 {
		return q, fmt.Errorf("%w: search by UIN or by name, not both", errCriteria)
	}
	if q.Text != "" {
		return q, nil
	}
	if len(names) == 0 {
		return q, fmt.Errorf("%w: a UIN or a name is required", errCriteria)
	}
	q.Text = strings.Join(names, " ")
	if len(nameKeys(q.Text)) < 2 || slices.ContainsFunc(nameKeys(q.Text), func(k string) bool { return utf8.RuneCountInString(k) < 2 }) {
		return q, fmt.Errorf("%w: a name is the full surname and given name, each of two letters or more", errCriteria)
	}
	if q.BirthDate.IsZero() {
		return q, fmt.Errorf("%w: a search by name needs the exact birth_date", errCriteria)
	}
	return q, nil
}

// nameKeys are the folded words of a name, as the registry compares them.
func nameKeys(name string) []string {
	var keys []string
	for _, w := range strings.Fields(name) {
		keys = append(keys, registry.NameKey(w))
	}
	return keys
}

// exactName reports whether every word of the name searched is a whole word of p's surname,
// given name or patronymic: the registry matches the last word as a prefix, DCI matches whole
// names only.
func exactName(text string, p registry.Person) bool {
	own := nameKeys(p.LastName + " " + p.FirstName + " " + p.Patronymic)
	for _, k := range nameKeys(text) {
		if !slices.Contains(own, k) {
			return false
		}
	}
	return true
}
