package clock

import (
	"fmt"
	"strconv"
	"time"

	"github.com/dost-platform/dost/internal/platform/i18n"
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
	digit := func(i int) int { return int(s[i]) - '0' }
	ok := len(s) == 7 && s[4] == '-'
	for i := 0; ok && i < 7; i++ {
		ok = i == 4 || (s[i] >= '0' && s[i] <= '9')
	}
	if !ok || 10*digit(5)+digit(6) < 1 || 10*digit(5)+digit(6) > 12 {
		return Month{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return Month{1000*digit(0) + 100*digit(1) + 10*digit(2) + digit(3), time.Month(10*digit(5) + digit(6))}, nil
}

// String formats as YYYY-MM. It is written by hand, not with fmt: a payroll formats millions.
func (m Month) String() string {
	if m.Year < 0 || m.Year > 9999 {
		return fmt.Sprintf("%04d-%02d", m.Year, m.Month)
	}
	y, mo := m.Year, int(m.Month)
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + mo/10), byte('0' + mo%10)})
}

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

// In writes the month for a reader of lang with its name ("format.month": dekabr 2026,
// December 2026, декабрь 2026); String stays the YYYY-MM of files, inputs and the API.
func (m Month) In(lang string) string {
	name := i18n.Tr(lang, "format.month."+strconv.Itoa(int(m.Month)), nil)
	return i18n.Tr(lang, "format.month", map[string]any{"Name": name, "Year": m.Year})
}
