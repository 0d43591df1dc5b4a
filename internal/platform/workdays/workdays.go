// Package workdays counts deadlines in working days: Monday to Friday, less the public
// holidays and their transfers, plus the weekend days a decree made working. The calendar is
// data (az-holidays.csv ships with the code; a ministry edits it each year), not code.
package workdays

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

//go:embed az-holidays.csv
var azerbaijan string

// Day is one entry of the calendar.
type Day struct {
	Date clock.Date
	Off  bool      // a holiday (true) or a weekend day made working (false)
	Name i18n.Text // what the day is called, in every language
}

// Calendar answers whether a date is a working day.
type Calendar struct {
	days map[clock.Date]Day
}

// Azerbaijan returns the calendar that ships with dost.
func Azerbaijan() (*Calendar, error) { return Parse(azerbaijan) }

// Parse reads a calendar in the az-holidays.csv format and refuses a bad line with its number.
func Parse(text string) (*Calendar, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.Comment, r.FieldsPerRecord = ';', '#', 5
	c := &Calendar{days: map[clock.Date]Day{}}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		line, _ := r.FieldPos(0)
		d, err := clock.ParseDate(rec[1])
		if err != nil || (rec[0] != "holiday" && rec[0] != "workday") {
			return nil, fmt.Errorf("calendar line %d: want holiday|workday;YYYY-MM-DD;…", line)
		}
		if _, dup := c.days[d]; dup {
			return nil, fmt.Errorf("calendar line %d: %s is listed twice", line, d)
		}
		c.days[d] = Day{Date: d, Off: rec[0] == "holiday", Name: i18n.Text{"az": rec[2], "en": rec[3], "ru": rec[4]}}
	}
}

// Working reports whether d is a working day.
func (c *Calendar) Working(d clock.Date) bool {
	if day, ok := c.days[d]; ok {
		return !day.Off
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Add returns the date n working days after from (before it when n < 0). The day counting
// starts from is not counted, as deadlines are counted in law: filed on Friday with a
// 1-working-day deadline, due on Monday.
func (c *Calendar) Add(from clock.Date, n int) clock.Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := from
	for n > 0 {
		d = d.AddDays(step)
		if c.Working(d) {
			n--
		}
	}
	return d
}

// Between counts the working days after from up to and including to (negative when to is
// earlier): how many working days an application has taken.
func (c *Calendar) Between(from, to clock.Date) int {
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for d := from.AddDays(1); !to.Before(d); d = d.AddDays(1) {
		if c.Working(d) {
			n++
		}
	}
	return sign * n
}
