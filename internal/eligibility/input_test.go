package eligibility

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// A stored snapshot replays to the same decision: whole numbers come back as int64, which the
// rule's arithmetic needs (a float64 would make "no such overload" at run time).
func TestStoredInputReplaysTheDecision(t *testing.T) {
	c, err := Compile(tssa)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Day: clock.NewDate(2020, 6, 1), Params: map[string]int64{"need_criterion": 16000},
		Household: map[string]any{"size": int64(4), "avg_monthly_income": int64(40000), "members": []any{map[string]any{"age": int64(7)}}}}
	first, err := c.Evaluate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(first.Input)
	back, err := ParseInput(data)
	if err != nil {
		t.Fatal(err)
	}
	if age := back.Household["members"].([]any)[0].(map[string]any)["age"]; age != int64(7) {
		t.Fatalf("nested number came back as %T", age)
	}
	again, err := c.Evaluate(context.Background(), back)
	if err != nil || again.Amount != first.Amount || again.Eligible != first.Eligible {
		t.Fatalf("replay = %+v, %v; first = %+v", again, err, first)
	}
	if _, err := ParseInput([]byte(`{"person": [}`)); err == nil {
		t.Fatal("a broken snapshot was read")
	}
}
