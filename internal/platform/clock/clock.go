// Package clock gives the time of day and the civil dates that entitlements, deadlines and
// ages are counted in. Tests replace Clock to move time without sleeping.
package clock

import (
	"time"
	_ "time/tzdata" // Asia/Baku must resolve on machines without a zoneinfo database
)

// Baku is the zone civil dates are taken in.
var Baku = mustZone("Asia/Baku")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Clock tells the current instant.
type Clock interface{ Now() time.Time }

// System is the real clock.
type System struct{}

// Now returns the current instant in UTC, truncated to microseconds so that it survives a
// round trip through either database unchanged.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Fixed is a clock that stands still until Set moves it; tests use it.
type Fixed struct{ T time.Time }

// Now returns the fixed instant.
func (f *Fixed) Now() time.Time { return f.T }

// Today is the civil date in Baku at the clock's current instant.
func Today(c Clock) Date { return DateOf(c.Now()) }

// Shifted is the system clock moved by a fixed duration. Rehearsals and browser tests run a
// server "three weeks from now" to see what falls overdue; production never sets it.
type Shifted struct{ By time.Duration }

// Now returns the system time plus the shift.
func (s Shifted) Now() time.Time { return System{}.Now().Add(s.By) }
