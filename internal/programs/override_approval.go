package programs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// OverrideCeilingParam names the dated programme parameter above which an override needs a
// second person's approval even when it does not raise the amount (qəpik a month, or once
// for a one-off programme). A programme without it uses DefaultOverrideCeiling.
const OverrideCeilingParam = "override_ceiling"

// DefaultOverrideCeiling is the ceiling of a programme that sets none: 1,000 AZN.
const DefaultOverrideCeiling money.Amount = 100000

// Statuses of an override request.
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
)

// OverrideRequest is an officer's override waiting for a second person (maker–checker): until
// it is approved, the decision and its entitlement keep OldAmount.
type OverrideRequest struct {
	ID           int64
	UUID         string
	DecisionID   int64
	DecisionUUID string
	ProgramID    int64
	Program      string
	PersonFIN    string
	Outcome      string
	Amount       money.Amount
	OldAmount    money.Amount
	Reason       string
	RequestedBy  string
	RequestedAt  time.Time
	Status       string
	DecidedBy    string
	DecidedAt    time.Time
	Note         string
}

// FourEyesStore is the persistence of the maker–checker steps of programmes.
type FourEyesStore interface {
	VersionDryRuns(ctx context.Context, programID int64, version int) ([]DryRunRecord, error)
	RequestOverride(ctx context.Context, r *OverrideRequest, e audit.Entry) error
	OverrideRequests(ctx context.Context, institutions []int64, beforeID int64, limit int) ([]OverrideRequest, error)
	OverrideRequest(ctx context.Context, uuid string) (OverrideRequest, error)
	ApproveOverride(ctx context.Context, r OverrideRequest, d Decision, ent *Entitlement, e audit.Entry) error
	RejectOverride(ctx context.Context, r OverrideRequest, e audit.Entry) error
}

// holdOverride decides whether an override needs a second person and, if so, records it as
// a request instead of applying it. An override that raises the amount (a grant of a refused
// decision raises it from nothing) or exceeds the programme's ceiling is held; one that lowers
// the amount or refuses is applied at once by the caller.
func (s *Service) holdOverride(ctx context.Context, d Decision, outcome string, amount money.Amount, reason string) (OverrideRequest, bool, error) {
	current := grantedAmount(d)
	if outcome != Granted {
		return OverrideRequest{}, false, nil
	}
	ceiling, err := s.overrideCeiling(ctx, d.ProgramID)
	if err != nil || (amount <= current && amount <= ceiling) {
		return OverrideRequest{}, false, err
	}
	r := OverrideRequest{UUID: uuid.Must(uuid.NewV7()).String(), DecisionID: d.ID, DecisionUUID: d.UUID, ProgramID: d.ProgramID,
		Outcome: outcome, Amount: amount, OldAmount: current, Reason: strings.TrimSpace(reason), RequestedBy: authz.Actor(ctx),
		RequestedAt: s.clock.Now(), Status: RequestPending}
	e := audit.For(ctx, audit.Create, "override request", "override", d.UUID,
		audit.Msg("override_requested", "Outcome", audit.Word("outcome."+outcome), "Amount", amount, "Was", current, "Request", r.UUID))
	return r, true, s.store.RequestOverride(ctx, &r, e)
}

// overrideCeiling is the programme's ceiling in force today.
func (s *Service) overrideCeiling(ctx context.Context, programID int64) (money.Amount, error) {
	params, err := s.store.Params(ctx, programID, clock.Today(s.clock))
	if err != nil {
		return 0, err
	}
	if v, ok := params[OverrideCeilingParam]; ok {
		return money.Amount(v), nil
	}
	return DefaultOverrideCeiling, nil
}

// OverrideRequests lists the pending overrides of the programmes whose institutions the
// caller decides for, oldest first, a keyset page at a time (after: the last id shown). The
// list names persons, so it is a recorded read.
func (s *Service) OverrideRequests(ctx context.Context, beforeID int64) ([]OverrideRequest, error) {
	reqs, err := s.store.OverrideRequests(ctx, decideScope(ctx), beforeID, 50)
	if err != nil {
		return nil, err
	}
	entries := []audit.Entry{audit.For(ctx, audit.Read, "override queue", "override", "", audit.Msg("pending_shown", "Count", len(reqs)))}
	for _, r := range reqs { // each person the queue shows is a read of their record
		entries = append(entries, audit.For(ctx, audit.Read, "override queue", "person", r.PersonFIN, audit.Msg("override_ref", "Request", r.UUID)))
	}
	return reqs, s.audit.Record(ctx, entries...)
}

// checkable loads a pending request that the caller may decide: they hold Decide in the
// programme's institution.
func (s *Service) checkable(ctx context.Context, id string) (OverrideRequest, error) {
	r, err := s.store.OverrideRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Status != RequestPending {
		return r, fmt.Errorf("override request %s is %s: %w", r.UUID, r.Status, fail.ErrConflict)
	}
	inst, err := s.store.ProgramInstitution(ctx, r.ProgramID)
	if err != nil {
		return r, err
	}
	if !slices.Contains(decideScope(ctx), inst) {
		return r, fmt.Errorf("no decision right in the institution of %s: %w", r.Program, fail.ErrForbidden)
	}
	return r, nil
}

// ApproveOverride applies a held override once a second person — not its maker — with the
// right to decide in the programme's institution approves it. The decision must still be
// what it was when the override was asked for.
func (s *Service) ApproveOverride(ctx context.Context, id string) (Decision, error) {
	r, err := s.checkable(ctx, id)
	if err != nil {
		return Decision{}, err
	}
	if r.RequestedBy == authz.Actor(ctx) {
		return Decision{}, fail.Fields{{Name: "request", Key: "foureyes.own_request"}}
	}
	d, err := s.store.DecisionByUUID(ctx, r.DecisionUUID)
	if err != nil {
		return d, err
	}
	if grantedAmount(d) != r.OldAmount {
		return d, fmt.Errorf("decision %s changed since the override was asked for: %w", d.UUID, fail.ErrConflict)
	}
	d.Outcome, d.FinalAmount, d.OverrideReason, d.OverriddenBy = r.Outcome, r.Amount, r.Reason, r.RequestedBy
	ent, err := s.followOverride(ctx, d)
	if err != nil {
		return d, err
	}
	r.Status, r.DecidedBy, r.DecidedAt = RequestApproved, authz.Actor(ctx), s.clock.Now()
	e := audit.For(ctx, audit.Update, "override approval", "override", d.UUID,
		audit.Msg("override_approved", "Outcome", audit.Word("outcome."+r.Outcome), "Amount", r.Amount, "Maker", r.RequestedBy, "Request", r.UUID))
	return d, s.store.ApproveOverride(ctx, r, d, ent, e)
}

// RejectOverride turns a held override down with a reason; the decision stays as it was.
// Its maker may withdraw it this way too.
func (s *Service) RejectOverride(ctx context.Context, id, note string) (OverrideRequest, error) {
	if strings.TrimSpace(note) == "" {
		return OverrideRequest{}, fail.Fields{{Name: "note", Key: "invalid.required"}}
	}
	r, err := s.checkable(ctx, id)
	if err != nil {
		return r, err
	}
	r.Status, r.DecidedBy, r.DecidedAt, r.Note = RequestRejected, authz.Actor(ctx), s.clock.Now(), strings.TrimSpace(note)
	e := audit.For(ctx, audit.Update, "override rejection", "override", r.DecisionUUID, audit.Msg("override_rejected", "Request", r.UUID))
	return r, s.store.RejectOverride(ctx, r, e)
}

// grantedAmount is what a decision pays: its amount if granted, nothing if refused.
func grantedAmount(d Decision) money.Amount {
	if d.Outcome != Granted {
		return 0
	}
	return d.FinalAmount
}

// decideScope is where the caller may decide: none without a principal.
func decideScope(ctx context.Context) []int64 {
	if p := authz.From(ctx); p != nil {
		return p.Scope(authz.Decide)
	}
	return nil
}
