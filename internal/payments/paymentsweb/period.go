package paymentsweb

import (
	"context"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// periodBounds are the months a finance officer can prepare for a programme: from the month
// its first rule version came into force (before it the programme paid nobody, so a cycle
// would be empty and its bank file a mistake) to the month after this one (a cycle is
// prepared ahead of its month, never a year ahead, when the register will have changed).
// Drafts never were in force and do not count; a programme with no rule in force has no
// month to pay.
func (h *Handler) periodBounds(ctx context.Context, p programs.Program) (first, last clock.Month, ok bool, err error) {
	rules, err := h.programs.Rules(ctx, p.Code)
	if err != nil {
		return first, last, false, err
	}
	for _, rv := range rules {
		from := clock.MonthOf(rv.Rule.EffectiveFrom)
		if rv.Status != programs.Draft && (!ok || from.Before(first)) {
			first, ok = from, true
		}
	}
	return first, clock.MonthOf(h.svc.Today()).Add(1), ok, nil
}

// checkPeriod refuses, at the period field, a month outside the programme's bounds.
func (h *Handler) checkPeriod(ctx context.Context, p programs.Program, period clock.Month) error {
	first, last, ok, err := h.periodBounds(ctx, p)
	lang := i18n.Lang(ctx)
	switch {
	case err != nil:
		return err
	case !ok:
		return fail.Fields{{Name: "period", Key: "payroll.period_no_rule"}}
	case period.Before(first):
		return fail.Fields{{Name: "period", Key: "payroll.period_before_rule", Args: map[string]any{"First": first.In(lang)}}}
	case last.Before(period):
		return fail.Fields{{Name: "period", Key: "payroll.period_too_late", Args: map[string]any{"Last": last.In(lang)}}}
	}
	return nil
}

// duplicate is the answer to a second preparation of a programme's month: a 409 naming the
// cycle that exists, its message also at the period field so that the form shows it there
// with a link to that cycle (a bare "such a record already exists" leaves the officer to
// hunt for it).
func (h *Handler) duplicate(ctx context.Context, p programs.Program, c payments.Cycle) *web.Problem {
	lang := i18n.Lang(ctx)
	args := map[string]any{"ID": c.ID, "Program": p.Name.In(lang), "Period": c.Period.In(lang)}
	pr := web.ToProblem(ctx, fail.Because(fail.ErrDuplicate, "payroll.cycle_exists", args), "")
	pr.Errors = []web.ProblemField{{Location: "body.period", Message: pr.Detail, Key: "payroll.cycle_exists"}}
	return pr
}
