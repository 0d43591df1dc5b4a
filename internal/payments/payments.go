// Package payments is the monthly payroll: a cycle per programme and period holds one line
// per entitlement due (with back pay and recoveries), frozen when prepared, approved by a
// second finance officer, exported as ISO 20022 pain.001 files per paying bank, and
// reconciled from the banks' camt.053/camt.054 statements. Nothing is paid twice: a month of
// an entitlement is covered by at most one live line, and every line has a unique
// end-to-end id. Nothing is lost: whatever cannot be paid is an exception line with a reason.
package payments

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/programs"
)

// Cycle statuses.
const (
	Preparing = "preparing"
	Prepared  = "prepared"
	Approved  = "approved"
	Exported  = "exported"
)

// Cycle is one programme's payroll for one month.
type Cycle struct {
	ID         int64
	UUID       string
	ProgramID  int64
	Program    string
	Period     clock.Month
	Status     string
	PreparedBy string
	StartedAt  time.Time
	PreparedAt time.Time
	ApprovedBy string
	ApprovedAt time.Time
}

// Totals counts a cycle's lines and sums their net amounts, by status.
type Totals map[string]StatusTotal

// StatusTotal is the count and net sum of the lines in one status.
type StatusTotal struct {
	Lines int64        `json:"lines"`
	Net   money.Amount `json:"net"`
}

// Line statuses.
const (
	LinePending   = "pending" // to be paid; with the banks once the cycle is exported
	LineException = "exception"
	LineWithheld  = "withheld"
	LinePaid      = "paid"
	LineReturned  = "returned"
	LineCancelled = "cancelled"
)

// Line is one payment to one beneficiary, with the inputs it was computed from frozen in it.
// Its cycle, entitlement and kind are its key, spelt as EndToEndID.
type Line struct {
	CycleID       int64
	EntitlementID int64
	Kind          string // regular or reissue
	From, To      clock.Month
	Months        int
	Gross         money.Amount
	Deduction     money.Amount
	Net           money.Amount
	FIN           string
	Name          string
	IBAN          string
	Bank          string
	Status        string
	Reason        string
	EndToEndID    string
}

// Due is what the payroll reads about one entitlement: its terms, the beneficiary as the
// registry holds them now, what earlier lines already covered and what is to be recovered.
type Due struct {
	EntitlementID int64
	OneOff        bool
	Start, End    clock.Date
	Amount        money.Amount
	Status        string
	StatusSince   clock.Date
	FIN           string
	Name          string
	IBAN          string
	Deceased      bool
	Covered       clock.Month // latest month covered by a live line; zero if none
	Recovery      money.Amount
	RecoveryMax   money.Amount
	Reassessed    bool   // the programme works the amount out again for every month
	RuleID        int64  // of a reassessed award: the rule version of its decision (0: none)
	Inputs        string // of a reassessed award: the facts frozen with its decision (JSON)
	Overridden    bool   // an officer set the amount: it is paid as set, not reassessed
}

// Store is the persistence the payroll needs.
type Store interface {
	// CreateCycle inserts c; then, when given, runs in the same transaction (the preparation
	// job is enqueued with the cycle, or neither exists).
	CreateCycle(ctx context.Context, c *Cycle, e audit.Entry, then ...func(tx *sql.Tx) error) error
	Cycle(ctx context.Context, programCode string, period clock.Month) (Cycle, error)
	CycleByID(ctx context.Context, id int64) (Cycle, error)
	CyclesIn(ctx context.Context, institutions []int64, beforeID int64, limit int) ([]Cycle, error)
	CyclePage(ctx context.Context, institutions []int64, program, status string, beforeID int64, limit int) ([]Cycle, error)
	CountCycles(ctx context.Context, institutions []int64, program, status string) (int64, error)
	Cycles(ctx context.Context, beforeID int64, limit int) ([]Cycle, error)
	ResumePoint(ctx context.Context, cycleID int64) (int64, error)
	BatchEnd(ctx context.Context, programID int64, afterEntitlement int64, limit int) (int64, error)
	Dues(ctx context.Context, programID int64, first, last int64) ([]Due, error)
	CountEntitlements(ctx context.Context, programID int64) (int64, error)
	InsertLines(ctx context.Context, lines []Line) error
	AddReissues(ctx context.Context, c Cycle) (int64, error)
	FinishPreparation(ctx context.Context, c Cycle, e audit.Entry) error
	Totals(ctx context.Context, cycleID int64) (Totals, error)
	Approve(ctx context.Context, c Cycle, e audit.Entry) error
	Lines(ctx context.Context, cycleID int64, status string, after string, limit int) ([]Line, error)
	Line(ctx context.Context, endToEndID string) (Line, error)
	ResolveException(ctx context.Context, line Line, e audit.Entry) error
	Beneficiary(ctx context.Context, entitlementID int64) (Due, error)
	EachPayableLine(ctx context.Context, cycleID int64, fn func(Line) error) error
	RecordFile(ctx context.Context, f File, e audit.Entry) error
	Files(ctx context.Context, cycleID int64) ([]File, error)
	LinesByEndToEnd(ctx context.Context, ids []string) (map[string]Line, error)
	ApplyStatement(ctx context.Context, s Statement, results []Result, e audit.Entry) error
	StatementImported(ctx context.Context, msgID string) (bool, error)
	PaymentsOf(ctx context.Context, personID int64, limit int, e audit.Entry) ([]Payment, error)
	HeldStore
}

// File is a payment file cut for one bank.
type File struct {
	CycleID int64
	Bank    string
	Format  string
	MsgID   string
	Lines   int64
	Total   money.Amount
	SHA256  string
	Path    string
}

// Service is the payroll's API.
type Service struct {
	store    Store
	audit    audit.Recorder // reads of lines, which hold names and accounts
	clock    clock.Clock
	batch    int
	payer    Payer
	programs Programs
	// AcceptUnsigned lets statements in unchecked when no bank keys are given: a demo without
	// banks only. Outside it, a statement with no keys to check it against is refused.
	AcceptUnsigned bool
}

// Programs is what the payroll asks of the programmes (programs.Service): the monthly amounts
// of a programme whose awards are reassessed, and the institution that runs a programme,
// whose finance officers alone may pay it.
type Programs interface {
	MonthlyAmounts(ctx context.Context, programID int64) (programs.Reassess, error)
	ProgramInstitution(ctx context.Context, programID int64) (int64, error)
}

// Payer is the ministry's account that payment files debit.
type Payer struct {
	Name string
	IBAN string
	BIC  string
}

// NewService returns the payroll service; batch is how many entitlements a preparation
// step reads and writes at once.
func NewService(s Store, a audit.Recorder, c clock.Clock, payer Payer, batch int, p Programs) *Service {
	if batch <= 0 {
		batch = 10000
	}
	return &Service{store: s, audit: a, clock: c, payer: payer, batch: batch, programs: p}
}

// Payment is one payment to a person as the citizen's portal lists it.
type Payment struct {
	Period  string
	Program string
	Net     money.Amount
	Status  string
	Reason  string
}

// PaymentsOf lists a person's latest payment lines, newest first, and records the read.
func (s *Service) PaymentsOf(ctx context.Context, personID int64) ([]Payment, error) {
	return s.store.PaymentsOf(ctx, personID, 36, audit.For(ctx, audit.Read, "payments", "person", strconv.FormatInt(personID, 10), audit.Msg("payment_lines_read")))
}

// Today is the service's day in Baku, so that the web layer bounds a period by the same clock
// the payroll runs on.
func (s *Service) Today() clock.Date { return clock.Today(s.clock) }
