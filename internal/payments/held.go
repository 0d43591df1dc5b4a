package payments

import (
	"context"
	"fmt"
)

// ReasonIBANHeld is the reason of a line whose beneficiary's new IBAN awaits a second
// person's (or the citizen's) confirmation: nothing is paid to the new account, nor to the
// old one, until it is confirmed. The web pages show it translated.
const ReasonIBANHeld = "IBAN awaiting confirmation"

// HeldStore is what the payroll needs to hold payments of an unconfirmed IBAN change.
type HeldStore interface {
	HoldLines(ctx context.Context, cycleID int64, reason string) (int64, error)
	IBANHeld(ctx context.Context, entitlementID int64) (bool, error)
}

// holdLines turns every payable line of a cycle whose beneficiary has an IBAN change awaiting
// confirmation into an exception. Once the change is confirmed, rechecking the exception
// (ResolveException) prices it again with the confirmed account; if the cycle is approved
// first, the months come back as back pay in the next cycle, as any deferred exception does.
func (s *Service) holdLines(ctx context.Context, c Cycle) error {
	if _, err := s.store.HoldLines(ctx, c.ID, ReasonIBANHeld); err != nil {
		return fmt.Errorf("hold lines awaiting an IBAN confirmation: %w", err)
	}
	return nil
}

// keepHeld leaves a rechecked line an exception while its IBAN change still awaits
// confirmation: a recheck must not release the payment.
func (s *Service) keepHeld(ctx context.Context, l *Line) error {
	held, err := s.store.IBANHeld(ctx, l.EntitlementID)
	if err == nil && held && l.Status == LinePending {
		l.Status, l.Reason = LineException, ReasonIBANHeld
	}
	return err
}
