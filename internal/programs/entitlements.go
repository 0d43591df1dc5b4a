package programs

import (
	"context"
	"slices"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Entitlements lists a person's entitlements.
func (s *Service) Entitlements(ctx context.Context, personID int64) ([]Entitlement, error) {
	return s.store.EntitlementsOf(ctx, personID)
}

// allowed status changes: an active entitlement may be suspended or terminated, a suspended
// one resumed or terminated; a terminated one stays terminated.
var allowed = map[string][]string{
	StatusActive:    {StatusSuspended, StatusTerminated},
	StatusSuspended: {StatusActive, StatusTerminated},
}

// SetStatus suspends, resumes or terminates an entitlement from a date, for a reason.
func (s *Service) SetStatus(ctx context.Context, ent Entitlement, status, reason string, from clock.Date) (Entitlement, error) {
	if err := s.allowedIn(ctx, ent.ProgramID, authz.Decide); err != nil {
		return ent, err
	}
	if !slices.Contains(allowed[ent.Status], status) {
		return ent, fail.Fields{{Name: "status", Key: "invalid.status_change", Args: map[string]any{"From": ent.Status, "To": status}}}
	}
	if strings.TrimSpace(reason) == "" {
		return ent, fail.Fields{{Name: "reason", Key: "invalid.required"}}
	}
	ent.Status, ent.StatusReason, ent.StatusSince = status, strings.TrimSpace(reason), from
	e := audit.For(ctx, audit.Update, "entitlement", "entitlement", ent.UUID, audit.Msg("entitlement_status", "Status", audit.Word("ent."+status), "Reason", strings.TrimSpace(reason)))
	return s.store.SetEntitlementStatus(ctx, ent, authz.Actor(ctx), e)
}

// ApplyLifeEvents runs the daily sweep: an entitlement of a person whose death is recorded is
// suspended from the first day of the month after the death, and one whose end date has
// passed is terminated. It is one set-based statement each, whatever the number of rows.
func (s *Service) ApplyLifeEvents(ctx context.Context, day clock.Date) (suspended, ended int64, err error) {
	return s.store.ApplyLifeEvents(ctx, day, authz.Actor(ctx))
}

// EntitlementByUUID finds one entitlement.
func (s *Service) EntitlementByUUID(ctx context.Context, id string) (Entitlement, error) {
	return s.store.EntitlementByUUID(ctx, id)
}
