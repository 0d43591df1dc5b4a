package clock

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Date is a civil date with no time of day (a birth date, an entitlement's first day). The
// zero Date means "no date" and is stored as NULL.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the Baku civil date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Baku).Date()
	return Date{y, m, d}
}

// NewDate builds a date, normalising overflow the way time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, Baku))
}

// ParseDate reads YYYY-MM-DD and refuses anything that is not a real calendar day.
func ParseDate(s string) (Date, error) {
	if len(s) == 10 && s[7] == '-' && s[8] >= '0' && s[8] <= '9' && s[9] >= '0' && s[9] <= '9' {
		day := int(s[8]-'0')*10 + int(s[9]-'0')
		if m, err := ParseMonth(s[:7]); err == nil && day >= 1 && day <= daysIn(m) {
			return Date{m.Year, m.Month, day}, nil
		}
	}
	return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
}

// daysIn is the number of days in a month of the Gregorian calendar.
func daysIn(m Month) int {
	switch m.Month {
	case time.February:
		if m.Year%4 == 0 && (m.Year%100 != 0 || m.Year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// IsZero reports whether d is the "no date" value.
func (d Date) IsZero() bool { return d == Date{} }

// String formats as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time returns midnight of d in Baku.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Baku) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.String() < o.String() }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// AgeOn returns the completed years of a person born on d at the date on.
func (d Date) AgeOn(on Date) int {
	age := on.Year - d.Year
	if on.Month < d.Month || (on.Month == d.Month && on.Day < d.Day) {
		age--
	}
	return age
}

// Value stores the date as YYYY-MM-DD text, which both engines read into a DATE column.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE column from either engine.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = Date{v.Year(), v.Month(), v.Day()}
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("clock.Date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	p, err := ParseDate(s)
	*d = p
	return err
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(*s)
	*d = p
	return err
}

// In writes the date for a reader of lang, in the layout of its catalogue ("format.date":
// 30.11.2026 in Azerbaijani and Russian); String stays the ISO form of files and inputs.
func (d Date) In(lang string) string { return d.Time().Format(i18n.Tr(lang, "format.date", nil)) }

// When writes a moment for a reader of lang in Baku time ("format.datetime": 30.11.2026 14:05).
func When(t time.Time, lang string) string {
	return t.In(Baku).Format(i18n.Tr(lang, "format.datetime", nil))
}

// DayIn writes the day and month without the year for a reader of lang ("format.day":
// 02.11 in Azerbaijani, 2 Nov in English), where the year is said once nearby (a chart's axis).
func (d Date) DayIn(lang string) string { return d.Time().Format(i18n.Tr(lang, "format.day", nil)) }
