package programs

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
	if len(r.Review) > 0 {
		for i, c := range r.Review {
			sentence(c.Failed, fmt.Sprintf("review[%d].failed", i), &errs)
		}
		sentence(r.Referred, "referred", &errs)
	}
	return errs.Err()
}

// sentence refuses a missing language of t, at field.az, field.en or field.ru: when a rule
// refers a case to an officer, the failed review conditions' sentences and the referral
// sentence are what the citizen reads instead of a decision, in their language.
func sentence(t eligibility.Text, field string, errs *fail.Fields) {
	for _, lang := range []string{"az", "en", "ru"} {
		if strings.TrimSpace(t.In(lang)) == "" {
			errs.Add(field+"."+lang, "invalid.rule_sentence_"+lang, map[string]any{})
		}
	}
}
