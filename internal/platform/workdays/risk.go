package workdays

import (
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
)

// AtRisk reports whether an open item filed on filed and due on due is at risk on today,
// provided it is not past due: a fifth of its working days or fewer remain, and at least
// the last day always is. Applications and appeals share this one definition.
func (c *Calendar) AtRisk(filed, due, today clock.Date) bool {
	return c.Between(today, due) <= max(1, c.Between(filed, due)/5)
}

// Step is one step of the at-risk boundary: an item not past due is at risk when it is due on
// or before Due and was filed on or before Filed (any day, when Filed is zero).
type Step struct {
	Due, Filed clock.Date
}

// RiskSteps turn AtRisk into date comparisons a database can run, since SQL knows dates but
// not working days: on today, for an item due on or after today at most most working days
// ahead, AtRisk(filed, due, today) holds exactly when some step has due <= Due and
// filed <= Filed.
//
// Why: with L working days left (today to due) and E gone (filed to today), the item's
// working days are E+L, so it is at risk when L <= 1, or L <= (E+L)/5, that is E >= 4L. Step L
// is the last date with at most L days left, and the last filing date with at least 4L days
// gone; an item with fewer days left and more gone is at risk too, so "some step" is exact.
func (c *Calendar) RiskSteps(today clock.Date, most int) []Step {
	steps := []Step{{Due: c.lastWithin(today, 1)}}
	for l := 2; l <= most; l++ {
		// the 4l-th working day counted back from today (today itself counting when it works):
		// filed the day before it or earlier, at least 4l working days have gone.
		gone := c.Add(today.AddDays(1), -4*l)
		steps = append(steps, Step{Due: c.lastWithin(today, l), Filed: gone.AddDays(-1)})
	}
	return steps
}

// lastWithin is the last date with at most n working days after today: the day before the
// (n+1)-th working day.
func (c *Calendar) lastWithin(today clock.Date, n int) clock.Date {
	return c.Add(today, n+1).AddDays(-1)
}

// RiskWhere is the SQL condition that steps decide "at risk" on the date columns due and
// filed: one range per step, OR-ed. ISO dates compare as text on SQLite and as dates on
// PostgreSQL. The caller adds that the item is open and not yet due before today.
func RiskWhere(steps []Step, due, filed string, args *db.Args) string {
	if len(steps) == 0 {
		return "1 = 0"
	}
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = due + " <= " + args.Add(s.Due.String())
		if !s.Filed.IsZero() {
			parts[i] = "(" + parts[i] + " AND " + filed + " <= " + args.Add(s.Filed.String()) + ")"
		}
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}
