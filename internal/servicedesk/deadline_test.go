package servicedesk_test

import (
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/servicedesk"
)

func d(s string) clock.Date {
	x, err := clock.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

// TestDeadlines: due dates count working days past weekends, the Novruz and Ramadan week and
// November's transferred days off; the state moves from on track to at risk to breached, and a
// decision is met or late against the due date.
func TestDeadlines(t *testing.T) {
	cal, err := workdays.Azerbaijan()
	if err != nil {
		t.Fatal(err)
	}
	due := []struct {
		filed string
		days  int
		want  string
	}{
		{"2026-03-13", 10, "2026-04-03"}, // Friday before Novruz: 20 and 23–26 March are off
		{"2026-11-05", 15, "2026-12-01"}, // an appeal: 9, 10 and 12 November are off
		{"2026-11-06", 1, "2026-11-11"},  // Friday, then a Monday and Tuesday off
		{"2026-12-30", 3, "2027-01-05"},  // 31 December is off; 2027 has no calendar yet beyond weekends
		{"2026-11-23", 0, "2026-11-23"},  // issued on the spot
	}
	for _, c := range due {
		if got := cal.Add(d(c.filed), c.days).String(); got != c.want {
			t.Errorf("filed %s + %d working days = %s, want %s", c.filed, c.days, got, c.want)
		}
	}
	states := []struct {
		filed, due, decided, today, want string
	}{
		{"2026-11-05", "2026-12-01", "", "2026-11-23", servicedesk.OnTrack},
		{"2026-11-05", "2026-12-01", "", "2026-11-26", servicedesk.AtRisk}, // 3 of 15 working days left
		{"2026-11-05", "2026-12-01", "", "2026-12-01", servicedesk.AtRisk},
		{"2026-11-05", "2026-12-01", "", "2026-12-02", servicedesk.Breached},
		{"2026-11-05", "2026-12-01", "2026-12-01", "2026-12-20", servicedesk.Met},
		{"2026-11-05", "2026-12-01", "2026-12-02", "2026-12-20", servicedesk.Late},
		{"2026-11-06", "2026-11-11", "", "2026-11-06", servicedesk.AtRisk},  // a one-day deadline is at risk at once
		{"2026-11-20", "2026-11-27", "", "2026-11-21", servicedesk.OnTrack}, // a Saturday counts nothing
	}
	for _, c := range states {
		var decided clock.Date
		if c.decided != "" {
			decided = d(c.decided)
		}
		if got := servicedesk.DeadlineState(cal, d(c.filed), d(c.due), decided, d(c.today)); got != c.want {
			t.Errorf("filed %s due %s decided %q on %s: %s, want %s", c.filed, c.due, c.decided, c.today, got, c.want)
		}
	}
}
