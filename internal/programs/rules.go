package programs

import (
	"context"
	"fmt"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// SaveRule type-checks a rule and stores it as the programme's next draft version. A rule
// that does not compile is refused with the position of every error.
func (s *Service) SaveRule(ctx context.Context, code string, r eligibility.Rule) (RuleVersion, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return RuleVersion{}, err
	}
	r.Program = p.Code
	if err := s.CheckRule(ctx, code, r); err != nil {
		return RuleVersion{}, err
	}
	rv := RuleVersion{ProgramID: p.ID, Status: Draft, Rule: r, CreatedBy: authz.Actor(ctx)}
	e := audit.For(ctx, audit.Create, "rule", "rule", p.Code, audit.Msg("rule_draft")) // the store adds the version
	if err := s.store.SaveRule(ctx, &rv, e); err != nil {
		return rv, err
	}
	return rv, nil
}

// knownParams refuses a rule reading a parameter the programme has never had (params.need_criterio),
// at the place it is read: it would fail every decision once in force.
func (s *Service) knownParams(ctx context.Context, code string, c *eligibility.Compiled) error {
	history, err := s.ParamHistory(ctx, code) // no audit: parameters are not personal data
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, p := range history {
		known[p.Name] = true
	}
	var errs fail.Fields
	for _, u := range c.Reads().Params {
		if !known[u.Name] {
			errs.Add(u.Field, "invalid.rule_unknown_param", map[string]any{"Param": u.Name, "Line": u.Line, "Column": u.Column})
		}
	}
	return errs.Err()
}

// Activate puts a draft version in force from its effective date.
func (s *Service) Activate(ctx context.Context, code string, version int) error {
	rv, err := s.ruleVersion(ctx, code, version)
	if err != nil {
		return err
	}
	if rv.Status != Draft {
		return fmt.Errorf("rule %s is %s, only a draft can be activated: %w", rv.Rule.Ref(), rv.Status, fail.ErrConflict)
	}
	if err := s.reviewActivation(ctx, rv); err != nil {
		return err
	}
	e := audit.For(ctx, audit.Update, "rule", "rule", rv.Rule.Ref(), audit.Msg("activated"))
	return s.store.SetRuleStatus(ctx, rv.ID, Active, authz.Actor(ctx), e)
}

func (s *Service) ruleVersion(ctx context.Context, code string, version int) (RuleVersion, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return RuleVersion{}, err
	}
	all, err := s.store.Rules(ctx, p.ID)
	if err != nil {
		return RuleVersion{}, err
	}
	for _, rv := range all {
		if rv.Rule.Version == version {
			return rv, nil
		}
	}
	return RuleVersion{}, fmt.Errorf("rule %s v%d: %w", code, version, fail.ErrNotFound)
}

// ruleFor returns the active version in force on day: the one with the latest effective date
// not after day.
func (s *Service) ruleFor(ctx context.Context, p Program, day clock.Date) (RuleVersion, error) {
	all, err := s.store.Rules(ctx, p.ID)
	if err != nil {
		return RuleVersion{}, err
	}
	var best *RuleVersion
	for i, rv := range all {
		if rv.Status == Active && !day.Before(rv.Rule.EffectiveFrom) && (best == nil || best.Rule.EffectiveFrom.Before(rv.Rule.EffectiveFrom)) {
			best = &all[i]
		}
	}
	if best == nil {
		return RuleVersion{}, fmt.Errorf("no active rule of %s on %s: %w", p.Code, day, fail.ErrNotFound)
	}
	return *best, nil
}

// Rules lists the programme's rule versions.
func (s *Service) Rules(ctx context.Context, code string) ([]RuleVersion, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.store.Rules(ctx, p.ID)
}

// Programs lists the programmes.
func (s *Service) Programs(ctx context.Context) ([]Program, error) { return s.store.Programs(ctx) }

// Program finds a programme by code.
func (s *Service) Program(ctx context.Context, code string) (Program, error) {
	return s.store.ProgramByCode(ctx, code)
}
