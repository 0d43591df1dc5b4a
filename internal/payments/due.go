package payments

import (
	"fmt"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// BackPayMonths is how far back unpaid months are paid (domain.md: at most three years).
const BackPayMonths = 36

// lineFor works out what is due on one entitlement in the cycle for period: every month from
// the first not yet covered (at most BackPayMonths back) to the period, while the
// entitlement ran; once for a one-off. ok is false when nothing is due.
func lineFor(d Due, c Cycle) (Line, bool) {
	from, to := clock.MonthOf(d.Start), c.Period
	if !d.End.IsZero() && clock.MonthOf(d.End).Before(to) {
		to = clock.MonthOf(d.End)
	}
	if d.Status != "active" {
		stop := clock.MonthOf(d.StatusSince)
		if d.StatusSince.Day == 1 {
			stop = stop.Add(-1) // suspended from the 1st: that month is not paid
		}
		if stop.Before(to) {
			to = stop
		}
	}
	if d.Covered != (clock.Month{}) && !d.Covered.Before(from) {
		from = d.Covered.Add(1)
	}
	if earliest := c.Period.Add(1 - BackPayMonths); from.Before(earliest) {
		from = earliest
	}
	if to.Before(from) || (d.OneOff && d.Covered != (clock.Month{})) {
		return Line{}, false
	}
	l := Line{CycleID: c.ID, EntitlementID: d.EntitlementID, Kind: "regular", From: from, To: to,
		Months: to.Sub(from) + 1, FIN: d.FIN, Name: d.Name, Status: LinePending,
		EndToEndID: fmt.Sprintf("D%dE%dR", c.ID, d.EntitlementID)}
	l.Gross = d.Amount.MulRat(int64(l.Months), 1)
	if d.OneOff {
		l.Months, l.Gross, l.From, l.To = 1, d.Amount, clock.MonthOf(d.Start), clock.MonthOf(d.Start)
	}
	l.Deduction = min(d.Recovery, d.RecoveryMax, l.Gross)
	l.Net = l.Gross - l.Deduction
	l.IBAN, l.Bank = d.IBAN, registry.BankCode(d.IBAN)
	l.Status, l.Reason = check(d, l.Net)
	return l, true
}

// check decides whether a line can be paid, and if not, says why.
func check(d Due, net money.Amount) (status, reason string) {
	switch _, ok := registry.NormalizeIBAN(d.IBAN); {
	case d.Deceased:
		return LineException, "death recorded; the entitlement is not yet suspended"
	case d.IBAN == "":
		return LineException, "no bank account"
	case !ok:
		return LineException, "bank account fails the IBAN check"
	case net == 0:
		return LineWithheld, "fully recovered: the whole amount goes to an overpayment recovery"
	}
	return LinePending, ""
}
