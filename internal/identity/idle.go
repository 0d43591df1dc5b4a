package identity

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/audit"
)

// DisableIdle disables every active account unused for idleDays days (never signed in since
// it was created or last enabled), and every account never activated whose codes have all
// expired. Each is audited as done by "system". It is idempotent, so several nodes running it
// is harmless; it reports how many accounts it disabled.
func (s *Service) DisableIdle(ctx context.Context, idleDays int) (int, error) {
	if idleDays <= 0 {
		idleDays = DefaultIdleDays
	}
	now := s.clock.Now()
	idle, err := s.store.IdleAccounts(ctx, now.AddDate(0, 0, -idleDays), now.Add(-s.activationTTL()), now)
	if err != nil {
		return 0, err
	}
	for _, u := range idle {
		if err := s.store.SetActive(ctx, u.ID, false); err != nil {
			return 0, err
		}
		why := audit.Msg("disabled_unused", "Count", idleDays)
		if u.Pending() && (u.LastLoginAt.IsZero() || u.LastLoginAt.After(now.AddDate(0, 0, -idleDays))) {
			why = audit.Msg("disabled_not_activated")
		}
		e := audit.Entry{ActorLogin: "system", Action: audit.Update, Purpose: "staff access", Entity: "user", EntityID: u.Login, Detail: why}
		if err := s.audit.Record(ctx, e); err != nil {
			return 0, err
		}
	}
	return len(idle), nil
}
