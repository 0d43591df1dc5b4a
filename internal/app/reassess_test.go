package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/programs"
)

// A reassessed programme pays every month at the parameters in force that month: a decree
// raising the disability amounts from November reaches awards decided in September, back pay
// keeps the old rate for the old months, and an award whose amount cannot be worked out (its
// decision's snapshot lacks a field the rule reads) is an exception line with the rule's
// reason that the finance officer sees, rechecks and defers — never skipped, never paid zero.
func TestReassessedProgrammePaysEachMonthAtItsRate(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, _ *httptest.Server) {
		ctx := context.Background()
		rows, err := a.DB.Query(`SELECT fin, disability_group FROM persons WHERE disability_group IN (1, 2, 3)
			AND death_date IS NULL AND iban <> '' AND (disability_until IS NULL OR disability_until > '2027-01-01') ORDER BY id LIMIT 3`)
		if err != nil {
			t.Fatal(err)
		}
		var fins []string
		groups := map[string]int{}
		for rows.Next() {
			var fin string
			var g int
			rows.Scan(&fin, &g)
			fins, groups[fin] = append(fins, fin), g
		}
		rows.Close()
		if len(fins) != 3 {
			t.Fatalf("the demo has %d disabled payees", len(fins))
		}
		officer, analyst := as(t, a, "officer"), as(t, a, "analyst")
		decided := map[string]programs.Decision{}
		for _, fin := range fins {
			if decided[fin], err = a.Programs.Decide(officer, "DISABILITY", fin, clock.NewDate(2026, 9, 10)); err != nil || decided[fin].Outcome != programs.Granted {
				t.Fatalf("decide %s: %+v %v", fin, decided[fin], err)
			}
		}
		old := map[int]int64{1: 25000, 2: 20000, 3: 15000}
		raised := map[int]int64{1: 27500, 2: 22000, 3: 16500}
		for g, v := range raised {
			if err := a.Programs.SetParam(analyst, "DISABILITY", programs.Param{Name: "group_" + string(rune('0'+g)), EffectiveFrom: clock.NewDate(2026, 11, 1), Value: v}); err != nil {
				t.Fatal(err)
			}
		}
		// the third award's decision was migrated without the disability group
		broken := fins[2]
		var inputs string
		a.DB.QueryRow(`SELECT inputs FROM decisions WHERE uuid = $1`, decided[broken].UUID).Scan(&inputs)
		stripped := strings.Replace(inputs, `"disability_group":`, `"legacy_group":`, 1)
		if _, err := a.DB.Exec(`UPDATE decisions SET inputs = $1 WHERE uuid = $2`, stripped, decided[broken].UUID); err != nil || stripped == inputs {
			t.Fatalf("strip the snapshot: %v", err)
		}

		dis, _ := a.ProgramStore.ProgramByCode(ctx, "DISABILITY")
		c, err := a.Payments.Prepare(as(t, a, "finance"), dis.ID, "DISABILITY", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		lines := map[string]payments.Line{}
		for _, l := range allLines(t, a, c.ID, "") {
			lines[l.FIN] = l
		}
		for _, fin := range fins[:2] {
			g := groups[fin]
			if l := lines[fin]; l.Status != payments.LinePending || l.Months != 3 || int64(l.Gross) != 2*old[g]+raised[g] {
				t.Fatalf("group %d, Sep–Nov: %+v; want 2 × %d + %d", g, l, old[g], raised[g])
			}
		}
		ex := lines[broken]
		if ex.Status != payments.LineException || ex.Net != 0 || !strings.Contains(ex.Reason, "DISABILITY v1") || !strings.Contains(ex.Reason, "disability_group") {
			t.Fatalf("the award that cannot be worked out: %+v", ex)
		}
		l, err := a.Payments.ResolveException(as(t, a, "finance"), c.ID, ex.EndToEndID, payments.Recheck, "")
		if err != nil || l.Status != payments.LineException {
			t.Fatalf("recheck of a rule that still fails: %+v %v", l, err)
		}
		if l, err = a.Payments.ResolveException(as(t, a, "finance"), c.ID, ex.EndToEndID, payments.Defer, "to be decided again by MSE data"); err != nil || l.Status != payments.LineCancelled {
			t.Fatalf("defer: %+v %v", l, err)
		}
		totals, _ := a.Payments.Totals(ctx, c.ID)
		if totals[payments.LinePending].Lines != 2 || totals[payments.LineException].Lines != 0 {
			t.Fatalf("totals = %+v", totals)
		}
	})
}
