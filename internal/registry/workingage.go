package registry

import "github.com/dost-platform/dost/internal/platform/clock"

// RetirementAge is the old-age pension age, in months, for a person of sex on day (domain.md
// §1.4): men 65; women 60 until 30 June 2017, then six months more every 1 July, 65 from
// 1 July 2026.
func RetirementAge(sex string, day clock.Date) int {
	if sex != "F" {
		return 65 * 12
	}
	steps := day.Year - 2017 + 1 // the 1 Julys from 2017 up to day
	if day.Month < 7 {
		steps--
	}
	return 60*12 + 6*min(max(steps, 0), 10)
}

// WorkingAge reports whether a person born on birth, of sex, is between 18 and the
// retirement age on day: the ages at which TSSA expects an income or a reason for none.
func WorkingAge(birth clock.Date, sex string, day clock.Date) bool {
	months := (day.Year-birth.Year)*12 + int(day.Month) - int(birth.Month)
	if day.Day < birth.Day {
		months--
	}
	return months >= 18*12 && months < RetirementAge(sex, day)
}
