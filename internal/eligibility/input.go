package eligibility

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ParseInput reads a stored input snapshot back into the values a rule was evaluated on.
// JSON has one number type; whole numbers come back as int64 (counts, ages, amounts in
// qəpik), as the registry gave them, so that a replay type-checks exactly as the original.
func ParseInput(data []byte) (Input, error) {
	var in Input
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return in, fmt.Errorf("input snapshot: %w", err)
	}
	in.Person, _ = wholeNumbers(in.Person).(map[string]any)
	in.Household, _ = wholeNumbers(in.Household).(map[string]any)
	return in, nil
}

// wholeNumbers replaces every json.Number in v by an int64, or a float64 if it has a fraction.
func wholeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = wholeNumbers(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = wholeNumbers(e)
		}
		return x
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}
