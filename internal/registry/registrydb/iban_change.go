package registrydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
)

// HasActiveEntitlement reports whether the person is, or may again be, paid under any
// programme — an entitlement that is not terminated: only then is a new IBAN held for a second
// person. A suspended one counts: an officer could otherwise suspend, change the IBAN at once
// and resume. (The registry reads the entitlements table here, in SQL only, so that the check
// sees the same database state as the write.)
func (s *Store) HasActiveEntitlement(ctx context.Context, personID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM entitlements WHERE person_id = $1 AND status <> 'terminated'`, personID).Scan(&n)
	return n > 0, err
}

// SaveWithIBAN writes an update that touches the IBAN in one transaction: the person's other
// changes (if any), the held change (if any; one per person at a time) and the audit entries.
// The person's version moves only when the record itself changed.
func (s *Store) SaveWithIBAN(ctx context.Context, p registry.Person, changes []registry.Change, held *registry.IBANChange, entries []audit.Entry) (registry.Person, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if len(changes) > 0 {
			if err := updatePerson(ctx, tx, p, changes); err != nil {
				return err
			}
		}
		if held != nil {
			if err := insertHeld(ctx, tx, held); err != nil {
				return err
			}
		}
		for _, e := range entries {
			if err := s.audit.Append(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if len(changes) > 0 {
		p.Version++
	}
	return p, err
}

func insertHeld(ctx context.Context, tx *sql.Tx, c *registry.IBANChange) error {
	var pending int
	tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM iban_changes WHERE person_id = $1 AND status = 'pending'`, c.PersonID).Scan(&pending)
	if pending > 0 {
		return fmt.Errorf("another IBAN change of this person awaits confirmation: %w", fail.ErrDuplicate)
	}
	return tx.QueryRowContext(ctx, `INSERT INTO iban_changes (uuid, person_id, old_iban, new_iban, requested_by, requested_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id`,
		c.UUID, c.PersonID, c.OldIBAN, c.NewIBAN, c.RequestedBy, c.RequestedAt).Scan(&c.ID)
}

const ibanSelect = `SELECT c.id, c.uuid, c.person_id, p.fin, p.last_name, p.first_name, p.patronymic, c.old_iban, c.new_iban,
	c.requested_by, c.requested_at, c.status, c.decided_by, c.note FROM iban_changes c JOIN persons p ON p.id = c.person_id`

// IBANChanges lists pending changes, newest first, before an id (0 for the first page).
func (s *Store) IBANChanges(ctx context.Context, beforeID int64, limit int) ([]registry.IBANChange, error) {
	return db.Collect(ctx, s.db, scanIBANChange, ibanSelect+` WHERE c.status = 'pending' AND ($1 = 0 OR c.id < $1) ORDER BY c.id DESC LIMIT $2`, beforeID, limit)
}

// IBANChange loads a change by its public id.
func (s *Store) IBANChange(ctx context.Context, id string) (registry.IBANChange, error) {
	return db.One(ctx, s.db, "iban change", scanIBANChange, ibanSelect+` WHERE c.uuid = $1`, id)
}

// PendingIBANOf loads the person's pending change.
func (s *Store) PendingIBANOf(ctx context.Context, personID int64) (registry.IBANChange, error) {
	return db.One(ctx, s.db, "iban change", scanIBANChange, ibanSelect+` WHERE c.person_id = $1 AND c.status = 'pending'`, personID)
}

func scanIBANChange(row interface{ Scan(...any) error }) (registry.IBANChange, error) {
	var c registry.IBANChange
	var last, first, patr string
	err := row.Scan(&c.ID, &c.UUID, &c.PersonID, &c.FIN, &last, &first, &patr, &c.OldIBAN, &c.NewIBAN,
		&c.RequestedBy, &c.RequestedAt, &c.Status, &c.DecidedBy, &c.Note)
	c.Name = registry.Person{LastName: last, FirstName: first, Patronymic: patr}.FullName()
	return c, err
}

// DecideIBAN records a confirmation or rejection of a pending change; a confirmation (change
// set) writes the new IBAN into the person's record with its history row. A change decided
// meanwhile is a conflict.
func (s *Store) DecideIBAN(ctx context.Context, c registry.IBANChange, change *registry.Change, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE iban_changes SET status = $1, decided_by = $2, decided_at = $3, note = $4
			WHERE id = $5 AND status = 'pending'`, c.Status, c.DecidedBy, c.DecidedAt, c.Note, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("iban change decided meanwhile: %w", fail.ErrConflict)
		}
		if change != nil {
			_, err := tx.ExecContext(ctx, `UPDATE persons SET iban = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
				change.New, change.At, change.PersonID)
			if err != nil {
				return err
			}
			if err := insertChanges(ctx, tx, []registry.Change{*change}); err != nil {
				return err
			}
			if err := refreshHouseholds(ctx, tx, change.PersonID); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, e)
	})
}
