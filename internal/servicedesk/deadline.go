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
// track, at risk when a fifth of its working days or fewer remain (at least the last day:
// workdays.AtRisk), breached once the due date has passed; once decided, met or late.
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
	if cal.AtRisk(filed, due, today) {
		return AtRisk
	}
	return OnTrack
}

// MaxDeadlineDays is the longest deadline a service may set, in working days.
const MaxDeadlineDays = 60

// judged sets the day a filter's deadline state is judged on and, for the on-track and at-risk
// states, the date steps that decide "at risk" in SQL (workdays.RiskSteps), so a list filters
// by the very definition its rows show. An application is due its service's deadline after
// filing, at most MaxDeadlineDays, so one at risk has at most a fifth of that left.
func (s *Service) judged(f ApplicationFilter) ApplicationFilter {
	today := s.Today()
	f.Today, f.Risk = today.String(), nil
	if f.Deadline == AtRisk || f.Deadline == OnTrack {
		f.Risk = s.calendar.Get().RiskSteps(today, MaxDeadlineDays/5)
	}
	return f
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
