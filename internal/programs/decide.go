package programs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// Decide applies the programme's rule in force on day to the person with fin and records the
// decision with its rule version, inputs snapshot and explanation. A granted decision opens
// an entitlement from day: for AwardMonths months, or once for a one-off programme.
//
// When the rule refers the case to an officer (Review), nothing is decided: the returned
// decision has outcome Review, no UUID and the explanation of what is missing; the referral
// is in the audit log. The caller puts it before an officer; it never grants or refuses.
func (s *Service) Decide(ctx context.Context, code, fin string, day clock.Date) (Decision, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return Decision{}, err
	}
	if err := s.allowedIn(ctx, p.ID, authz.Decide); err != nil {
		return Decision{}, err
	}
	rv, err := s.ruleFor(ctx, p, day)
	if err != nil {
		return Decision{}, err
	}
	c, err := eligibility.Compile(rv.Rule)
	if err != nil {
		return Decision{}, fmt.Errorf("stored rule %s no longer compiles: %w", rv.Rule.Ref(), err)
	}
	facts, err := s.registry.Facts(ctx, fin, day, "decision "+p.Code)
	if err != nil {
		return Decision{}, err
	}
	params, err := s.store.Params(ctx, p.ID, day)
	if err != nil {
		return Decision{}, err
	}
	ev, err := c.Evaluate(ctx, eligibility.Input{Day: day, Person: facts.Person, Household: facts.Household, Params: params})
	if err != nil {
		return Decision{}, fail.Fields{{Name: "rule", Key: "invalid.rule_failed", Args: map[string]any{"Reason": err.Error()}}}
	}
	d := Decision{UUID: uuid.Must(uuid.NewV7()).String(), ProgramID: p.ID, RuleID: rv.ID, PersonID: facts.PersonID,
		HouseholdID: facts.HouseholdID, DecidedOn: day, Rule: ev, Outcome: Refused, DecidedBy: authz.Actor(ctx), CreatedAt: s.clock.Now(),
		Explanation: eligibility.Text{AZ: c.Explain(ev, "az"), EN: c.Explain(ev, "en"), RU: c.Explain(ev, "ru")}}
	if ev.Review {
		d.UUID, d.Outcome = "", Review
		return d, s.audit.Record(ctx, audit.For(ctx, audit.Read, "decision", "person", fmt.Sprint(facts.PersonID), audit.Msg("decision_review", "Program", p.Code, "Rule", rv.Rule.Ref())))
	}
	var ent *Entitlement
	if ev.Eligible {
		d.Outcome, d.FinalAmount = Granted, ev.Amount
		ent = s.newEntitlement(p, d)
	}
	e := audit.For(ctx, audit.Create, "decision", "person", fmt.Sprint(facts.PersonID), audit.Msg("decision", "Program", p.Code, "Outcome", audit.Word("outcome."+d.Outcome), "Rule", rv.Rule.Ref()))
	return d, s.store.SaveDecision(ctx, &d, ent, e)
}

func (s *Service) newEntitlement(p Program, d Decision) *Entitlement {
	ent := &Entitlement{UUID: uuid.Must(uuid.NewV7()).String(), ProgramID: p.ID, PersonID: d.PersonID,
		Start: d.DecidedOn, Amount: d.FinalAmount, Status: StatusActive, StatusSince: d.DecidedOn, Version: 1}
	switch {
	case p.Kind == OneOff:
		ent.End = d.DecidedOn
	case p.AwardMonths > 0:
		ent.End = clock.NewDate(d.DecidedOn.Year, d.DecidedOn.Month+time.Month(p.AwardMonths), d.DecidedOn.Day).AddDays(-1)
	}
	return ent
}

// Override replaces a decision's outcome and amount with an officer's, for a reason that is
// kept beside what the rule said. The entitlement follows: opened, changed or terminated.
func (s *Service) Override(ctx context.Context, decisionUUID, outcome string, amount money.Amount, reason string) (Decision, error) {
	var errs fail.Fields
	if outcome != Granted && outcome != Refused {
		errs.Add("outcome", "invalid.outcome", nil)
	}
	if outcome == Granted && amount <= 0 {
		errs.Add("amount", "invalid.amount", nil)
	}
	if len(strings.TrimSpace(reason)) < 10 {
		errs.Add("reason", "invalid.reason", map[string]any{"Count": 10})
	}
	if err := errs.Err(); err != nil {
		return Decision{}, err
	}
	d, err := s.store.DecisionByUUID(ctx, decisionUUID)
	if err != nil {
		return d, err
	}
	if err := s.allowedIn(ctx, d.ProgramID, authz.Decide); err != nil {
		return Decision{}, err
	}
	if req, held, err := s.holdOverride(ctx, d, outcome, amount, reason); held || err != nil {
		d.PendingOverride = req.UUID
		return d, err
	}
	d.Outcome, d.FinalAmount, d.OverrideReason, d.OverriddenBy = outcome, amount, strings.TrimSpace(reason), authz.Actor(ctx)
	if outcome == Refused {
		d.FinalAmount = 0
	}
	ent, err := s.followOverride(ctx, d)
	if err != nil {
		return d, err
	}
	e := audit.For(ctx, audit.Update, "override", "override", d.UUID, audit.Msg("override_set", "Outcome", audit.Word("outcome."+outcome), "Amount", d.FinalAmount))
	return d, s.store.Override(ctx, d, ent, e)
}

// followOverride works out the entitlement an overridden decision should have.
func (s *Service) followOverride(ctx context.Context, d Decision) (*Entitlement, error) {
	ent, err := s.store.EntitlementByDecision(ctx, d.ID)
	switch {
	case errors.Is(err, fail.ErrNotFound) && d.Outcome == Granted:
		progs, err := s.store.Programs(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range progs {
			if p.ID == d.ProgramID {
				return s.newEntitlement(p, d), nil
			}
		}
		return nil, fmt.Errorf("programme of decision %s: %w", d.UUID, fail.ErrNotFound)
	case errors.Is(err, fail.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, err
	case d.Outcome == Refused:
		ent.Status, ent.StatusReason, ent.StatusSince = StatusTerminated, "decision overridden: "+d.OverrideReason, clock.Today(s.clock)
	default:
		ent.Amount = d.FinalAmount
	}
	return &ent, nil
}

// Decision loads a decision with its trace and records the read.
func (s *Service) Decision(ctx context.Context, id string) (Decision, error) {
	d, err := s.store.DecisionByUUID(ctx, id)
	if err != nil {
		return d, err
	}
	if err := s.allowedIn(ctx, d.ProgramID, authz.PersonRead, authz.Decide); err != nil {
		return Decision{}, err
	}
	return d, s.audit.Record(ctx, audit.For(ctx, audit.Read, "decision", "decision", d.UUID, audit.Msg("explanation")))
}

// Benefits is what a person has under the programmes: decisions and entitlements.
type Benefits struct {
	Person       registry.Person
	Decisions    []Decision
	Entitlements []Entitlement
}

// BenefitsOf gathers a person's decisions and entitlements, newest first.
func (s *Service) BenefitsOf(ctx context.Context, fin string) (Benefits, error) {
	p, err := s.registry.Person(ctx, fin, "benefits")
	if err != nil {
		return Benefits{}, err
	}
	b := Benefits{Person: p}
	if b.Decisions, err = s.store.DecisionsOf(ctx, p.ID); err != nil {
		return b, err
	}
	b.Entitlements, err = s.store.EntitlementsOf(ctx, p.ID)
	return b, err
}
