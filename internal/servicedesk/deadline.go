package servicedesk

import (
	"slices"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/workdays"
)

// Deadline states of an application or appeal.
const (
	OnTrack  = "on_track"
	AtRisk   = "at_risk"
	Breached = "breached"
	Met      = "met"  // decided by the deadline
	Late     = "late" // decided after it
)

// DeadlineState says where an item stands against its deadline on today: while open, on
// track, at risk when a fifth of its working days or fewer remain (at least the last day),
// breached once the due date has passed; once decided, met or late.
func DeadlineState(cal *workdays.Calendar, filed, due, decided, today clock.Date) string {
	if !decided.IsZero() {
		if due.Before(decided) {
			return Late
		}
		return Met
	}
	if due.Before(today) {
		return Breached
	}
	left := cal.Between(today, due)
	total := cal.Between(filed, due)
	if left <= max(1, total/5) {
		return AtRisk
	}
	return OnTrack
}

// Deadline is the application's state against its deadline on today.
func (a Application) Deadline(cal *workdays.Calendar, today clock.Date) string {
	decided := a.DecidedOn
	if decided.IsZero() && !slices.Contains(OpenStatuses, a.Status) {
		decided = a.FiledOn // withdrawn: nothing is late
	}
	return DeadlineState(cal, a.FiledOn, a.DueOn, decided, today)
}

// DaysLeft is how many working days remain until the due date (negative once passed).
func (a Application) DaysLeft(cal *workdays.Calendar, today clock.Date) int {
	return cal.Between(today, a.DueOn)
}

// DeadlineRow is one line of the deadline report: per institution and service, how many
// applications were decided, decided late, and are open, of which breached.
type DeadlineRow struct {
	Institution string
	ServiceCode string
	ServiceName string
	Filed       int
	Decided     int
	Late        int
	Open        int
	Breached    int
}
