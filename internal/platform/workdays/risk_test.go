package workdays_test

import (
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/workdays"
)

// TestRiskStepsAgreeWithAtRisk: for every today of a stretch with weekends, holidays and a
// working Saturday, every filing date of the hundred days before and every due date of the months
// after, the date steps a list filters on in SQL say "at risk" exactly when AtRisk does.
func TestRiskStepsAgreeWithAtRisk(t *testing.T) {
	cal, err := workdays.Azerbaijan()
	if err != nil {
		t.Fatal(err)
	}
	const most = 15
	start, _ := clock.ParseDate("2026-03-18") // a weekend and Novruz follow
	for d := 0; d < 9; d++ {
		today := start.AddDays(d)
		steps := cal.RiskSteps(today, most)
		for f := 0; f <= 100; f++ {
			filed := today.AddDays(-f)
			for due := today; cal.Between(today, due) <= most; due = due.AddDays(1) {
				want := cal.AtRisk(filed, due, today)
				got := false
				for _, s := range steps {
					got = got || (!s.Due.Before(due) && (s.Filed.IsZero() || !s.Filed.Before(filed)))
				}
				if got != want {
					t.Fatalf("today %s, filed %s, due %s: steps say %v, AtRisk %v", today, filed, due, got, want)
				}
			}
		}
	}
}
