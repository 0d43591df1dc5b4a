package web

import "github.com/dost-platform/dost/internal/platform/clock"

// ReportDays is the period a report shows when none is asked for: the last 30 days, which
// has something in it on the first of a month too.
const ReportDays = 30

// ReportPeriod reads a report's period from its from and to (ISO dates); either missing or
// unreadable, the last ReportDays days up to today.
func ReportPeriod(from, to string, today clock.Date) (clock.Date, clock.Date) {
	f, err := clock.ParseDate(from)
	if err != nil {
		f = today.AddDays(1 - ReportDays)
	}
	t, err := clock.ParseDate(to)
	if err != nil {
		t = today
	}
	return f, t
}
