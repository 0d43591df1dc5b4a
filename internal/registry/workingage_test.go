package registry

import (
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestWorkingAge: 18 to the retirement age of domain.md §1.4, a woman's rising by six months
// every 1 July from 2017 to 65 in July 2026.
func TestWorkingAge(t *testing.T) {
	d := clock.NewDate
	for _, c := range []struct {
		birth clock.Date
		sex   string
		day   clock.Date
		want  bool
	}{
		{d(2008, 6, 2), "M", d(2026, 6, 1), false},  // 17 the day before their birthday
		{d(2008, 6, 1), "M", d(2026, 6, 1), true},   // 18 today
		{d(1961, 6, 2), "M", d(2026, 6, 1), true},   // 64
		{d(1961, 6, 1), "M", d(2026, 6, 1), false},  // 65
		{d(1961, 11, 1), "F", d(2026, 6, 1), false}, // 64.5: retired until 30 June 2026
		{d(1961, 11, 1), "F", d(2026, 7, 1), true},  // from 1 July the age is 65 again: working age
		{d(1960, 1, 1), "F", d(2024, 6, 30), false}, // 64 ≥ 63.5
		{d(1960, 7, 1), "F", d(2023, 12, 1), true},  // 63.4 < 63.5
	} {
		if got := WorkingAge(c.birth, c.sex, c.day); got != c.want {
			t.Errorf("born %s, %s, on %s: working age %v, want %v (retirement %d months)", c.birth, c.sex, c.day, got, c.want, RetirementAge(c.sex, c.day))
		}
	}
}
