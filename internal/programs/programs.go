// Package programs holds benefit programmes, the versions of their rules, their dated
// parameters, the decisions taken under them and the entitlements those decisions create.
// Decisions come from eligibility rules over facts the registry supplies; an officer may
// override one with a reason, and both stay on record.
package programs

import (
	"context"
	"database/sql"
	"time"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// Kinds of programme.
const (
	Monthly = "monthly"
	OneOff  = "one_off"
)

// Program is a benefit programme.
type Program struct {
	ID          int64     `json:"-"`
	Code        string    `json:"code"`
	Name        i18n.Text `json:"name" doc:"the name in every language: {\"az\": …, \"en\": …, \"ru\": …}"`
	Kind        string    `json:"kind" enum:"monthly,one_off"`
	Unit        string    `json:"unit" enum:"person,household"`
	AwardMonths int       `json:"award_months" doc:"how long an award lasts; 0 for as long as the right holds"`
	Proactive   bool      `json:"proactive" doc:"assigned without application when the right arises"`
	Reassessed  bool      `json:"reassessed" doc:"the monthly amount is worked out again for every month paid, with that month's parameters"`
	Institution string    `json:"institution"`
}

// Rule statuses.
const (
	Draft   = "draft"
	Active  = "active"
	Retired = "retired"
)

// RuleVersion is a stored version of a programme's rule.
type RuleVersion struct {
	ID          int64
	ProgramID   int64
	Status      string
	Rule        eligibility.Rule
	CreatedBy   string
	ActivatedBy string
}

// Param is a dated parameter (the need criterion from 2026-01-01 is 30000 qəpik).
type Param struct {
	Name          string
	EffectiveFrom clock.Date
	Value         int64
}

// Outcomes of a decision.
const (
	Granted = "granted"
	Refused = "refused"
	// Review is the rule's answer when it cannot decide (the income of a working-age member
	// is not on record for the 12 months): an officer completes the record or decides. It is
	// neither a grant nor a refusal, nor a failure, and it is not kept as a decision: a
	// referral stores no outcome, opens no entitlement and closes nothing.
	Review = "review"
)

// Decision is a programme decision for a person: what the rule said, with its version,
// inputs and explanation, and what was finally decided, with the override reason if an
// officer changed it.
type Decision struct {
	ID             int64
	UUID           string
	ProgramID      int64
	RuleID         int64
	PersonID       int64
	HouseholdID    int64
	DecidedOn      clock.Date
	Rule           eligibility.Decision
	Outcome        string
	FinalAmount    money.Amount
	Explanation    eligibility.Text
	OverrideReason string
	OverriddenBy   string
	DecidedBy      string
	CreatedAt      time.Time
	// PendingOverride is the request id of an override this call held for a second
	// person's approval; the decision is returned as it still is.
	PendingOverride string
}

// Entitlement statuses.
const (
	StatusActive     = "active"
	StatusSuspended  = "suspended"
	StatusTerminated = "terminated"
)

// Entitlement is a right to be paid: from Start to End (open when zero), Amount a month (or
// once, for a one-off programme), with a status and the reason for it.
type Entitlement struct {
	ID           int64
	UUID         string
	ProgramID    int64
	PersonID     int64
	DecisionID   int64
	Start        clock.Date
	End          clock.Date
	Amount       money.Amount
	Status       string
	StatusReason string
	StatusSince  clock.Date
	Version      int64
}

// Store is the persistence programmes need.
type Store interface {
	CreateProgram(ctx context.Context, p *Program) error
	ProgramByCode(ctx context.Context, code string) (Program, error)
	ProgramInstitution(ctx context.Context, programID int64) (int64, error)
	Programs(ctx context.Context) ([]Program, error)
	SetParam(ctx context.Context, programID int64, p Param) error
	Params(ctx context.Context, programID int64, day clock.Date) (map[string]int64, error)
	ParamHistory(ctx context.Context, programID int64) ([]Param, error)
	SaveRule(ctx context.Context, r *RuleVersion, e audit.Entry) error
	Rules(ctx context.Context, programID int64) ([]RuleVersion, error)
	SetRuleStatus(ctx context.Context, ruleID int64, status, actor string, e audit.Entry) error
	SaveDecision(ctx context.Context, d *Decision, ent *Entitlement, e audit.Entry) error
	DecisionByUUID(ctx context.Context, id string) (Decision, error)
	Override(ctx context.Context, d Decision, ent *Entitlement, e audit.Entry) error
	EntitlementsOf(ctx context.Context, personID int64) ([]Entitlement, error)
	DecisionsOf(ctx context.Context, personID int64) ([]Decision, error)
	EntitlementByDecision(ctx context.Context, decisionID int64) (Entitlement, error)
	EntitlementByUUID(ctx context.Context, id string) (Entitlement, error)
	SetEntitlementStatus(ctx context.Context, ent Entitlement, actor string, e audit.Entry) (Entitlement, error)
	ApplyLifeEvents(ctx context.Context, day clock.Date, actor string) (suspended, ended int64, err error)
	CreateDryRun(ctx context.Context, r *DryRunRecord, enqueue func(tx *sql.Tx, r DryRunRecord) (jobID int64, err error)) error
	FinishDryRun(ctx context.Context, r DryRunRecord) error
	DryRun(ctx context.Context, id int64) (DryRunRecord, error)
	DryRuns(ctx context.Context, programID int64, limit int) ([]DryRunRecord, error)
	FourEyesStore
}

// Registry is what programmes read from the social registry.
type Registry interface {
	Facts(ctx context.Context, fin string, day clock.Date, purpose string) (registry.Facts, error)
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
	HouseholdFacts(ctx context.Context, after, upto int64, limit int, day clock.Date) (registry.FactsBatch, error)
	LastHousehold(ctx context.Context) (int64, error)
	KeptHouseholdFacts(ctx context.Context, after, upto int64, day clock.Date, visit func(registry.Facts) error) error
}

// Service is the programmes API.
type Service struct {
	store    Store
	registry Registry
	audit    audit.Recorder
	clock    clock.Clock

	// EnqueueDryRun, when set, enqueues the job that runs a recorded dry run (programsjob, on
	// any node) in tx, the transaction that records it, and returns River's job id; without
	// it (a service built without jobs, in tests) the run goes on in a goroutine of this
	// process.
	EnqueueDryRun func(ctx context.Context, tx *sql.Tx, rec DryRunRecord) (jobID int64, err error)

	// memberPass makes every dry run read the households member by member from the registry's
	// tables rather than from the facts it keeps: the reference the test that compares both
	// passes sets.
	memberPass bool
}

// NewService returns the programmes service.
func NewService(s Store, r Registry, a audit.Recorder, c clock.Clock) *Service {
	return &Service{store: s, registry: r, audit: a, clock: c}
}
