package programs

import (
	"context"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// allowedIn checks that the principal in ctx holds one of perms within the institution that
// runs the programme: a grant in another agency does not reach this programme's decisions,
// entitlements or payroll, whatever its role. A request without a principal is refused; the
// command line acts for a named member of staff (--as), so it is checked the same way.
func (s *Service) allowedIn(ctx context.Context, programID int64, perms ...authz.Permission) error {
	p := authz.From(ctx)
	if p == nil || p.PersonID != 0 {
		return fmt.Errorf("programme %d: %w", programID, fail.ErrForbidden)
	}
	inst, err := s.store.ProgramInstitution(ctx, programID)
	if errors.Is(err, fail.ErrNotFound) {
		return fmt.Errorf("programme %d has no institution on record: %w", programID, fail.ErrForbidden)
	}
	if err != nil {
		return err
	}
	for _, perm := range perms {
		if p.CanIn(perm, inst) {
			return nil
		}
	}
	return fmt.Errorf("programme %d belongs to another institution: %w", programID, fail.ErrForbidden)
}

// ProgramInstitution is the id of the institution that runs a programme (the payroll checks
// its finance officers against it).
func (s *Service) ProgramInstitution(ctx context.Context, programID int64) (int64, error) {
	return s.store.ProgramInstitution(ctx, programID)
}
