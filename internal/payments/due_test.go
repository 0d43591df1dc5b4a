package payments

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// decree is a reassessment: 200 AZN a month until September 2026, 220 AZN from October (a
// decree raised it); rule 4 cannot be evaluated.
func decree(rule int64, _ string, from, to clock.Month) (money.Amount, error) {
	if rule == 4 {
		return 0, errors.New("DISABILITY v2 for 2026-11: no such key: group_2")
	}
	var sum money.Amount
	for m := from; !to.Before(m); m = m.Add(1) {
		if m.Before(clock.Month{Year: 2026, Month: 10}) {
			sum += 20000
		} else {
			sum += 22000
		}
	}
	return sum, nil
}

func TestLineFor(t *testing.T) {
	iban := registry.IBANWithCheck("IBAZ", "00000000000000000001")
	cycle := Cycle{ID: 7, Period: clock.Month{Year: 2026, Month: 11}}
	base := Due{EntitlementID: 42, Start: clock.NewDate(2026, 11, 3), Amount: 24000, Status: "active", StatusSince: clock.NewDate(2026, 11, 3), FIN: "5ABCD12", Name: "X", IBAN: iban}
	m := func(y, mo int) clock.Month { return clock.Month{Year: y, Month: time.Month(mo)} }
	cases := []struct {
		name          string
		edit          func(*Due)
		ok            bool
		from, to      clock.Month
		months        int
		gross, deduct money.Amount
		status        string
	}{
		{"first month", func(d *Due) {}, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LinePending},
		{"back pay from the start", func(d *Due) { d.Start = clock.NewDate(2026, 8, 20) }, true, m(2026, 8), m(2026, 11), 4, 96000, 0, LinePending},
		{"back pay capped at 36 months", func(d *Due) { d.Start = clock.NewDate(2020, 1, 1) }, true, m(2023, 12), m(2026, 11), 36, 864000, 0, LinePending},
		{"covered months are not paid again", func(d *Due) { d.Start = clock.NewDate(2026, 1, 1); d.Covered = m(2026, 10) }, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LinePending},
		{"fully covered: nothing due", func(d *Due) { d.Covered = m(2026, 11) }, false, clock.Month{}, clock.Month{}, 0, 0, 0, ""},
		{"starts after the period", func(d *Due) { d.Start = clock.NewDate(2026, 12, 1) }, false, clock.Month{}, clock.Month{}, 0, 0, 0, ""},
		{"suspended from the 1st of this month", func(d *Due) {
			d.Start, d.Status, d.StatusSince, d.Covered = clock.NewDate(2026, 1, 1), "suspended", clock.NewDate(2026, 11, 1), m(2026, 9)
		}, true, m(2026, 10), m(2026, 10), 1, 24000, 0, LinePending},
		{"ended last month", func(d *Due) {
			d.Start, d.End, d.Covered = clock.NewDate(2026, 1, 1), clock.NewDate(2026, 10, 31), m(2026, 10)
		}, false, clock.Month{}, clock.Month{}, 0, 0, 0, ""},
		{"recovery within the monthly cap", func(d *Due) { d.Recovery, d.RecoveryMax = 100000, 5000 }, true, m(2026, 11), m(2026, 11), 1, 24000, 5000, LinePending},
		{"recovery takes all", func(d *Due) { d.Recovery, d.RecoveryMax = 100000, 50000 }, true, m(2026, 11), m(2026, 11), 1, 24000, 24000, LineWithheld},
		{"no account", func(d *Due) { d.IBAN = "" }, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LineException},
		{"broken account", func(d *Due) { d.IBAN = "AZ00IBAZ00000000000000000001" }, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LineException},
		{"death recorded", func(d *Due) { d.Deceased = true }, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LineException},
		{"one-off once", func(d *Due) { d.OneOff, d.Amount, d.Start = true, 1100000, clock.NewDate(2026, 9, 5) }, true, m(2026, 9), m(2026, 9), 1, 1100000, 0, LinePending},
		{"one-off never twice", func(d *Due) { d.OneOff, d.Covered = true, m(2026, 11) }, false, clock.Month{}, clock.Month{}, 0, 0, 0, ""},
		{"reassessed: each month at its own rate", func(d *Due) { d.Reassessed, d.RuleID, d.Start = true, 3, clock.NewDate(2026, 8, 1) },
			true, m(2026, 8), m(2026, 11), 4, 20000 + 20000 + 22000 + 22000, 0, LinePending},
		{"reassessed but set by an officer", func(d *Due) { d.Reassessed, d.RuleID, d.Overridden = true, 3, true }, true, m(2026, 11), m(2026, 11), 1, 24000, 0, LinePending},
		{"reassessed without a decision", func(d *Due) { d.Reassessed = true }, true, m(2026, 11), m(2026, 11), 1, 0, 0, LineException},
		{"reassessed and the rule fails", func(d *Due) { d.Reassessed, d.RuleID = true, 4 }, true, m(2026, 11), m(2026, 11), 1, 0, 0, LineException},
	}
	for _, c := range cases {
		d := base
		c.edit(&d)
		l, ok := lineFor(d, cycle, decree)
		if ok != c.ok {
			t.Errorf("%s: ok = %v", c.name, ok)
			continue
		}
		if !ok {
			continue
		}
		if l.From != c.from || l.To != c.to || l.Months != c.months || l.Gross != c.gross || l.Deduction != c.deduct ||
			l.Net != c.gross-c.deduct || l.Status != c.status || l.EndToEndID != "D7E42R" {
			t.Errorf("%s: got %s..%s ×%d gross %s deduct %s net %s %s (%s)", c.name, l.From, l.To, l.Months, l.Gross, l.Deduction, l.Net, l.Status, l.Reason)
		}
		if l.Status == LineException && l.Reason == "" {
			t.Errorf("%s: an exception without a reason", c.name)
		}
		if d.RuleID == 4 && !strings.Contains(l.Reason, "no such key: group_2") {
			t.Errorf("%s: the rule's own reason is lost: %q", c.name, l.Reason)
		}
	}
}
