package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Allowed checks that the principal in ctx may run the payroll of a programme: a finance
// officer's grant must cover the institution that runs it. Another agency's finance officer
// neither starts, reads, approves nor exports it. A request without a principal is refused;
// the command line acts for a named member of staff (--as).
func (s *Service) Allowed(ctx context.Context, programID int64) error {
	p := authz.From(ctx)
	if p == nil || p.PersonID != 0 {
		return fmt.Errorf("payroll of programme %d: %w", programID, fail.ErrForbidden)
	}
	inst, err := s.programs.ProgramInstitution(ctx, programID)
	if errors.Is(err, fail.ErrNotFound) {
		return fmt.Errorf("programme %d has no institution on record: %w", programID, fail.ErrForbidden)
	}
	if err != nil {
		return err
	}
	if !p.CanIn(authz.PaymentManage, inst) {
		return fmt.Errorf("the payroll of programme %d belongs to another institution: %w", programID, fail.ErrForbidden)
	}
	return nil
}

// cycleIn loads a cycle the principal in ctx may work on.
func (s *Service) cycleIn(ctx context.Context, cycleID int64) (Cycle, error) {
	c, err := s.store.CycleByID(ctx, cycleID)
	if err != nil {
		return c, err
	}
	return c, s.Allowed(ctx, c.ProgramID)
}

// allowedLines checks that every line a statement settles belongs to a cycle the principal
// may work on: a statement touching another institution's payroll is refused whole.
func (s *Service) allowedLines(ctx context.Context, lines map[string]Line) error {
	seen := map[int64]bool{}
	for _, l := range lines {
		if seen[l.CycleID] {
			continue
		}
		seen[l.CycleID] = true
		if _, err := s.cycleIn(ctx, l.CycleID); err != nil {
			return err
		}
	}
	return nil
}

// scope is the institutions whose payroll the principal in ctx may see.
func scope(ctx context.Context) []int64 {
	p := authz.From(ctx)
	if p == nil || p.PersonID != 0 {
		return nil
	}
	return p.Scope(authz.PaymentManage)
}
