package programs

import (
	"context"
	"errors"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// CheckRule is every check a rule must pass to be saved as the programme's draft, with every
// problem at its field at once: what SaveRule refuses, and what the rule editor shows as the
// analyst types.
func (s *Service) CheckRule(ctx context.Context, code string, r eligibility.Rule) error {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return err
	}
	r.Program = p.Code
	var errs fail.Fields
	c, err := eligibility.Compile(r)
	switch {
	case err != nil && !errors.As(err, &errs):
		return err
	case err == nil: // a rule that compiles may still name a parameter its programme never had
		if err := s.knownParams(ctx, code, c); err != nil && !errors.As(err, &errs) {
			return err
		}
	}
	if r.EffectiveFrom.IsZero() {
		errs.Add("effective_from", "invalid.required", nil)
	}
	return errs.Err()
}
