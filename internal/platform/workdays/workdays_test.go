package workdays

import (
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
)

func d(s string) clock.Date {
	x, err := clock.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestAddAcrossWeekendsAndHolidays(t *testing.T) {
	c, err := Azerbaijan()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-11-20", 1, "2026-11-23", "Friday + 1 is Monday"},
		{"2026-11-06", 1, "2026-11-11", "Friday + 1 skips the weekend, the transferred Victory Day and Flag Day"},
		{"2026-11-11", 1, "2026-11-13", "Constitution Day on Thursday is off"},
		{"2026-03-19", 1, "2026-03-27", "Novruz and Ramadan Bayram with their transfers close a whole week"},
		{"2026-11-02", 15, "2026-11-26", "an appeal's 15 working days over November's holidays"},
		{"2026-12-30", 2, "2027-01-04", "Solidarity Day, New Year, weekend (2027 not yet in the calendar: weekends only)"},
		{"2026-11-26", -15, "2026-11-02", "counting back"},
		{"2026-05-26", 1, "2026-06-01", "Gurban Bayram and Independence Day"},
	}
	for _, tc := range cases {
		if got := c.Add(d(tc.from), tc.n); got != d(tc.want) {
			t.Errorf("%s %+d = %s, want %s (%s)", tc.from, tc.n, got, tc.want, tc.why)
		}
	}
	if n := c.Between(d("2026-11-02"), d("2026-11-26")); n != 15 {
		t.Errorf("Between = %d, want 15", n)
	}
	if n := c.Between(d("2026-11-26"), d("2026-11-02")); n != -15 {
		t.Errorf("Between backwards = %d, want -15", n)
	}
}

func TestWorkingSaturdayAndBadData(t *testing.T) {
	c, err := Parse("workday;2026-11-21;köçürmə;transfer;перенос\nholiday;2026-11-23;x;x;x\n")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Working(d("2026-11-21")) || c.Working(d("2026-11-23")) || c.Working(d("2026-11-22")) {
		t.Fatal("transfers not applied")
	}
	if got := c.Add(d("2026-11-20"), 2); got != d("2026-11-24") {
		t.Fatalf("Friday + 2 = %s, want Tuesday (Saturday worked, Monday off)", got)
	}
	for _, bad := range []string{"holiday;2026-02-30;a;b;c", "vacation;2026-01-05;a;b;c", "holiday;2026-01-05;a;b;c\nholiday;2026-01-05;a;b;c", "holiday;2026-01-05"} {
		if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), "line") && !strings.Contains(err.Error(), "calendar") {
			t.Errorf("Parse(%q) = %v", bad, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(azerbaijan)
	f.Add("holiday;2026-01-01;a;b;c")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err == nil && c == nil {
			t.Fatal("nil calendar without error")
		}
	})
}
