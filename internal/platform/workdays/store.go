package workdays

import (
	"context"
	"fmt"
	"sort"
	"sync/atomic"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Live is the calendar in force, kept in the calendar_days table: seeded once from the
// calendar that ships with dost, then edited by an administrator when a decree moves a day
// off. Readers take the current calendar with Get; an edit replaces it whole.
type Live struct {
	db  *db.DB
	cur atomic.Pointer[Calendar]
}

// Open seeds an empty calendar_days table from the shipped calendar and loads it.
func Open(ctx context.Context, d *db.DB) (*Live, error) {
	l := &Live{db: d}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_days`).Scan(&n); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if n == 0 {
		shipped, err := Azerbaijan()
		if err != nil {
			return nil, err
		}
		for _, day := range shipped.Days() {
			if err := l.put(ctx, day); err != nil {
				return nil, err
			}
		}
	}
	return l, l.reload(ctx)
}

// Get returns the calendar in force.
func (l *Live) Get() *Calendar { return l.cur.Load() }

// Set adds or replaces a day of the calendar.
func (l *Live) Set(ctx context.Context, day Day) error {
	var bad fail.Fields
	if day.Date.IsZero() {
		bad.Add("date", "invalid.date", nil)
	}
	day.Name = day.Name.Trimmed()
	for _, lang := range day.Name.Missing() {
		bad.Add("name_"+lang, "invalid.required", nil)
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if err := l.put(ctx, day); err != nil {
		return err
	}
	return l.reload(ctx)
}

// Delete removes a day, which becomes an ordinary weekday or weekend day again.
func (l *Live) Delete(ctx context.Context, d clock.Date) error {
	if _, err := l.db.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1`, d.String()); err != nil {
		return err
	}
	return l.reload(ctx)
}

func (l *Live) put(ctx context.Context, day Day) error {
	_, err := l.db.ExecContext(ctx, `INSERT INTO calendar_days (day, off, name) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET off = excluded.off, name = excluded.name`,
		day.Date.String(), day.Off, day.Name)
	return err
}

func (l *Live) reload(ctx context.Context) error {
	rows, err := l.db.QueryContext(ctx, `SELECT day, off, name FROM calendar_days`)
	if err != nil {
		return err
	}
	defer rows.Close()
	c := &Calendar{days: map[clock.Date]Day{}}
	for rows.Next() {
		var day Day
		var s string
		if err := rows.Scan(&s, &day.Off, &day.Name); err != nil {
			return err
		}
		if day.Date, err = clock.ParseDate(s); err != nil {
			return fmt.Errorf("calendar day %q: %w", s, err)
		}
		c.days[day.Date] = day
	}
	if err := rows.Err(); err != nil {
		return err
	}
	l.cur.Store(c)
	return nil
}

// Days lists the calendar's entries by date.
func (c *Calendar) Days() []Day {
	out := make([]Day, 0, len(c.days))
	for _, d := range c.days {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}
