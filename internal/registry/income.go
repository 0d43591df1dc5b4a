package registry

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Where an income record comes from: a closed set, so that a rule (and an officer) can tell
// an authoritative figure from a declaration. A person may have one record per month and
// source; a second record for the same month and source corrects the first.
const (
	IncomeTax         = "tax"         // the State Tax Service
	IncomeSSPF        = "sspf"        // contributions reported to the State Social Protection Fund
	IncomeEmployer    = "employer"    // a statement from the employer
	IncomeDeclaration = "declaration" // a declaration signed at a centre
	IncomeImport      = "import"      // a file from another body that does not name its source
)

// IncomeSources lists the sources in the order forms show them.
var IncomeSources = []string{IncomeTax, IncomeSSPF, IncomeEmployer, IncomeDeclaration, IncomeImport}

// maxMonthlyIncome bounds one month's amount (a million manat): a larger figure is a typo.
const maxMonthlyIncome = money.Amount(100_000_000)

// IncomeRecord is one month's income of a person from one source.
type IncomeRecord struct {
	ID         int64        `json:"-"`
	PersonID   int64        `json:"-"`
	Month      clock.Month  `json:"-"`
	Amount     money.Amount `json:"-"`
	Source     string       `json:"-"`
	RecordedBy string       `json:"-"` // a login; empty for rows from before sources were kept
	RecordedAt time.Time    `json:"-"` // zero for rows from before sources were kept
}

// Outcome says what a write of an income record did.
type Outcome int

// The outcomes of a write: a record for a new month and source, a corrected amount, or the
// same amount again (a re-import of the same file).
const (
	Added Outcome = iota
	Changed
	Unchanged
)

// IncomeInput is an income record as a form, the API or a file line gives it: text to be
// checked.
type IncomeInput struct {
	Month, Amount, Source string
}

// CheckIncome validates an input against today and returns the record (without its person),
// or fail.Fields naming month, amount and source. The card, the API and the importer share it.
func CheckIncome(in IncomeInput, today clock.Date) (IncomeRecord, error) {
	var errs fail.Fields
	var inc IncomeRecord
	m, err := clock.ParseMonth(strings.TrimSpace(in.Month))
	switch {
	case strings.TrimSpace(in.Month) == "":
		errs.Add("month", "invalid.required", nil)
	case err != nil:
		errs.Add("month", "invalid.income_month", nil)
	case clock.MonthOf(today).Before(m) || m.Before(clock.Month{Year: 2000, Month: time.January}):
		errs.Add("month", "invalid.income_month_range", nil)
	}
	inc.Month = m
	a, err := money.Parse(in.Amount)
	switch {
	case strings.TrimSpace(in.Amount) == "":
		errs.Add("amount", "invalid.required", nil)
	case err != nil:
		errs.Add("amount", "invalid.income_amount", nil)
	case a < 0 || a > maxMonthlyIncome:
		errs.Add("amount", "invalid.income_amount_range", nil)
	}
	inc.Amount = a
	inc.Source = strings.TrimSpace(in.Source)
	if !slices.Contains(IncomeSources, inc.Source) {
		errs.Add("source", "invalid.income_source", nil)
	}
	return inc, errs.Err()
}

// Incomes returns the person's income records from month from to month to (both included),
// newest first, and records the read.
func (s *Service) Incomes(ctx context.Context, p Person, from, to clock.Month) ([]IncomeRecord, error) {
	out, err := s.store.Incomes(ctx, p.ID, from.First(), to.Add(1).First())
	if err != nil {
		return nil, err
	}
	return out, s.audit.Record(ctx, audit.For(ctx, audit.Read, "income", "person", p.FIN, audit.Msg("incomes", "Count", len(out))))
}

// RecordIncome adds the person's income for a month from a source, or corrects the amount of
// the record that exists for that month and source, as the signed-in officer.
func (s *Service) RecordIncome(ctx context.Context, p Person, in IncomeInput) (IncomeRecord, Outcome, error) {
	inc, err := CheckIncome(in, clock.Today(s.clock))
	if err != nil {
		return inc, Unchanged, err
	}
	inc.PersonID, inc.RecordedBy, inc.RecordedAt = p.ID, authz.Actor(ctx), s.clock.Now()
	e := audit.For(ctx, audit.Update, "income", "person", p.FIN, audit.Msg("income_month", "Month", inc.Month, "Source", audit.Word("income.source."+inc.Source)))
	o, err := s.store.SaveIncome(ctx, &inc, e)
	return inc, o, err
}
