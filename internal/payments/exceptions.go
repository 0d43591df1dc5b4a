package payments

import (
	"context"
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
func (s *Service) ResolveException(ctx context.Context, cycleID, lineID int64, action, note string) (Line, error) {
	c, err := s.store.CycleByID(ctx, cycleID)
	if err != nil {
		return Line{}, err
	}
	if c.Status != Prepared {
		return Line{}, fmt.Errorf("cycle is %s: exceptions are resolved before approval: %w", c.Status, fail.ErrConflict)
	}
	lines, err := s.store.Lines(ctx, cycleID, LineException, lineID-1, 1)
	if err != nil {
		return Line{}, err
	}
	if len(lines) == 0 || lines[0].ID != lineID {
		return Line{}, fmt.Errorf("exception line %d: %w", lineID, fail.ErrNotFound)
	}
	l := lines[0]
	switch action {
	case Recheck:
		d, err := s.store.Beneficiary(ctx, l.EntitlementID)
		if err != nil {
			return l, err
		}
		amounts, err := s.reassess.MonthlyAmounts(ctx, c.ProgramID)
		if err != nil {
			return l, err
		}
		price(&l, d, amounts)
	case Defer:
		if strings.TrimSpace(note) == "" {
			return l, fail.Fields{{Name: "note", Key: "invalid.required"}}
		}
		l.Status, l.Reason = LineCancelled, "deferred: "+l.Reason+"; "+strings.TrimSpace(note)
	default:
		return l, fail.Fields{{Name: "action", Key: "invalid.action"}}
	}
	e := audit.For(ctx, audit.Update, "payroll exception", "payment_line", l.EndToEndID, action+": "+l.Status)
	return l, s.store.ResolveException(ctx, l, e)
}
