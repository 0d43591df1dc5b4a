package clock

import (
	"fmt"
	"time"
)

// Month is a calendar month, the period of a payroll ("2026-11").
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month a date falls in.
func MonthOf(d Date) Month { return Month{d.Year, d.Month} }

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// String formats as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, m.Month) }

// Add returns the month n months later (earlier when n < 0).
func (m Month) Add(n int) Month {
	i := m.index() + n
	return Month{i / 12, time.Month(i%12 + 1)}
}

// Sub returns the number of months from o to m.
func (m Month) Sub(o Month) int { return m.index() - o.index() }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

// First is the month's first day.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }

// Last is the month's last day.
func (m Month) Last() Date { return m.Add(1).First().AddDays(-1) }

func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }
