package paymentsdb

import "context"

// heldEntitlements are the entitlements of persons with an IBAN change awaiting confirmation.
const heldEntitlements = `SELECT e.id FROM entitlements e JOIN iban_changes ic ON ic.person_id = e.person_id WHERE ic.status = 'pending'`

// HoldLines makes the cycle's payable lines of persons with a held IBAN change exceptions
// with reason.
func (s *Store) HoldLines(ctx context.Context, cycleID int64, reason string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE payment_lines SET status = 'exception', reason = $1
		WHERE cycle_id = $2 AND status = 'pending' AND entitlement_id IN (`+heldEntitlements+`)`, reason, cycleID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// IBANHeld reports whether the entitlement's beneficiary has an IBAN change awaiting
// confirmation.
func (s *Store) IBANHeld(ctx context.Context, entitlementID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entitlements e JOIN iban_changes ic ON ic.person_id = e.person_id
		WHERE e.id = $1 AND ic.status = 'pending'`, entitlementID).Scan(&n)
	return n > 0, err
}
