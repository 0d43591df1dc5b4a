package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Ways a finance officer resolves an exception line.
const (
	Recheck = "recheck" // work the line out again from current data, after the registry or a parameter was corrected
	Defer   = "defer"   // leave the months unpaid; they return as back pay in a later cycle
)

// ResolveException rechecks or defers one exception line of a prepared cycle.
func (s *Service) ResolveException(ctx context.Context, cycleID int64, line, action, note string) (Line, error) {
	c, err := s.cycleIn(ctx, cycleID)
	if err != nil {
		return Line{}, err
	}
	if c.Status != Prepared {
		return Line{}, fmt.Errorf("cycle is %s: exceptions are resolved before approval: %w", c.Status, fail.ErrConflict)
	}
	l, err := s.store.Line(ctx, line)
	if errors.Is(err, fail.ErrNotFound) || (err == nil && (l.CycleID != cycleID || l.Status != LineException)) {
		return Line{}, fmt.Errorf("exception line %s of cycle %d: %w", line, cycleID, fail.ErrNotFound)
	}
	if err != nil {
		return Line{}, err
	}
	switch action {
	case Recheck:
		d, err := s.store.Beneficiary(ctx, l.EntitlementID)
		if err != nil {
			return l, err
		}
		amounts, err := s.programs.MonthlyAmounts(ctx, c.ProgramID)
		if err != nil {
			return l, err
		}
		price(&l, d, amounts)
		if err := s.keepHeld(ctx, &l); err != nil {
			return l, err
		}
	case Defer:
		if strings.TrimSpace(note) == "" {
			return l, fail.Fields{{Name: "note", Key: "invalid.required"}}
		}
		l.Status, l.Reason = LineCancelled, ReasonDeferred+": "+l.Reason+"; "+strings.TrimSpace(note)
	default:
		return l, fail.Fields{{Name: "action", Key: "invalid.action"}}
	}
	e := audit.For(ctx, audit.Update, "payroll exception", "payment_line", l.EndToEndID, audit.Msg("exception_"+action, "Status", audit.Word("line."+l.Status)))
	return l, s.store.ResolveException(ctx, l, e)
}
