package payments

import (
	"errors"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/registry"
)

// BackPayMonths is how far back unpaid months are paid (domain.md: at most three years).
const BackPayMonths = 36

// lineFor works out what is due on one entitlement in the cycle for period: every month from
// the first not yet covered (at most BackPayMonths back) to the period, while the
// entitlement ran; once for a one-off. ok is false when nothing is due.
func lineFor(d Due, c Cycle, amounts programs.Reassess) (Line, bool) {
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
		EndToEndID: EndToEnd(c.ID, d.EntitlementID, "regular")}
	if d.OneOff {
		l.From, l.To = clock.MonthOf(d.Start), clock.MonthOf(d.Start)
	}
	price(&l, d, amounts)
	return l, true
}

// price fills in what a line over its months pays and to whom, from the entitlement's due:
// gross, the recovery deducted, net, the beneficiary's name and account, and whether it can
// be paid. A reassessed award whose amount cannot be worked out is an exception with the
// rule's reason, never a zero payment.
func price(l *Line, d Due, amounts programs.Reassess) {
	l.Months = l.To.Sub(l.From) + 1
	l.FIN, l.Name, l.IBAN, l.Bank = d.FIN, d.Name, d.IBAN, registry.BankCode(d.IBAN)
	gross, err := grossFor(d, l.From, l.To, amounts)
	if err != nil {
		l.Gross, l.Deduction, l.Net = 0, 0, 0
		l.Status, l.Reason = LineException, ReasonNotComputed+": "+err.Error()
		return
	}
	l.Gross = gross
	l.Deduction = min(d.Recovery, d.RecoveryMax, l.Gross)
	l.Net = l.Gross - l.Deduction
	l.Status, l.Reason = check(d, l.Net)
}

// grossFor is what the months from..to come to: the award's amount for each (once for a
// one-off) or, for a reassessed award not set by an officer, each month worked out again.
func grossFor(d Due, from, to clock.Month, amounts programs.Reassess) (money.Amount, error) {
	switch {
	case d.OneOff:
		return d.Amount, nil
	case !d.Reassessed || d.Overridden:
		return d.Amount.MulRat(int64(to.Sub(from)+1), 1), nil
	case d.RuleID == 0 || amounts == nil:
		return 0, errors.New("no decision on record to work it out from")
	}
	return amounts(d.RuleID, d.Inputs, from, to)
}

// check decides whether a line can be paid, and if not, says why.
func check(d Due, net money.Amount) (status, reason string) {
	switch _, ok := registry.NormalizeIBAN(d.IBAN); {
	case d.Deceased:
		return LineException, ReasonDeath
	case d.IBAN == "":
		return LineException, ReasonNoAccount
	case !ok:
		return LineException, ReasonBadIBAN
	case net == 0:
		return LineWithheld, ReasonRecovered
	}
	return LinePending, ""
}
