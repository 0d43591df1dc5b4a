package registrydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// HouseholdOf returns the household the person is a member of, head first.
func (s *Store) HouseholdOf(ctx context.Context, personID int64) (registry.Household, error) {
	return s.household(ctx, `h.id = (SELECT household_id FROM household_members WHERE person_id = $1)`, personID)
}

// HouseholdByUUID returns a household by its public id.
func (s *Store) HouseholdByUUID(ctx context.Context, id string) (registry.Household, error) {
	return s.household(ctx, `h.uuid = $1`, id)
}

func (s *Store) household(ctx context.Context, where string, arg any) (registry.Household, error) {
	h, err := db.One(ctx, s.db, "household", func(row db.Scanner) (h registry.Household, err error) {
		var cost sql.NullInt64
		err = row.Scan(&h.ID, &h.UUID, &h.HeadPersonID, &h.PlaceID, &h.Address, &h.Version, &cost, &h.Utility.Source)
		h.Utility.Known, h.Utility.Cost = cost.Valid, money.Amount(cost.Int64)
		return
	}, `SELECT h.id, h.uuid, h.head_person_id, COALESCE(h.place_id, 0), h.address, h.version, h.utility_cost, h.utility_cost_source
		FROM households h WHERE `+where, arg)
	if err != nil {
		return h, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.fin, p.last_name, p.first_name, p.patronymic,
		p.sex, p.birth_date, p.death_date, m.relationship
		FROM household_members m JOIN persons p ON p.id = m.person_id
		WHERE m.household_id = $1
		ORDER BY CASE WHEN m.relationship = 'head' THEN 0 ELSE 1 END, p.birth_date, p.id`, h.ID)
	if err != nil {
		return h, fmt.Errorf("household members: %w", err)
	}
	h.Members, err = db.CollectRows(rows, func(row db.Scanner) (registry.Member, error) {
		var m registry.Member
		var last, first, patr string
		err := row.Scan(&m.PersonID, &m.FIN, &last, &first, &patr, &m.Sex, &m.BirthDate, &m.DeathDate, &m.Relationship)
		m.FullName = registry.Person{LastName: last, FirstName: first, Patronymic: patr}.FullName()
		return m, err
	})
	return h, err
}

// CreateHousehold inserts h and its members with the change rows and audit entry.
func (s *Store) CreateHousehold(ctx context.Context, h *registry.Household, changes []registry.Change, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO households (uuid, head_person_id, place_id, address, version, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			h.UUID, h.HeadPersonID, db.NullID(h.PlaceID), h.Address, h.Version, changes[0].At).Scan(&h.ID)
		if err != nil {
			return fmt.Errorf("insert household: %w", err)
		}
		if err := insertMembers(ctx, tx, h.ID, h.Members); err != nil {
			return err
		}
		if err := refreshHouseholds(ctx, tx, 0, h.ID); err != nil {
			return err
		}
		if err := insertChanges(ctx, tx, changes); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// UpdateHousehold replaces the members of h if its stored version is still h.Version. The
// UNIQUE person_id of household_members refuses a person who joined another household
// meanwhile, so the whole change fails rather than half-applying.
func (s *Store) UpdateHousehold(ctx context.Context, h registry.Household, changes []registry.Change, e audit.Entry) (registry.Household, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE households SET head_person_id = $1, version = version + 1
			WHERE id = $2 AND version = $3`, h.HeadPersonID, h.ID, h.Version)
		if err != nil {
			return fmt.Errorf("update household: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("household %s: %w", h.UUID, fail.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM household_members WHERE household_id = $1`, h.ID); err != nil {
			return err
		}
		if err := insertMembers(ctx, tx, h.ID, h.Members); err != nil {
			return err
		}
		if err := refreshHouseholds(ctx, tx, 0, h.ID); err != nil {
			return err
		}
		if err := insertChanges(ctx, tx, changes); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
	h.Version++
	return h, err
}

// SetUtility records a household's utility cost if its stored version is still version.
func (s *Store) SetUtility(ctx context.Context, h registry.Household, e audit.Entry) (registry.Household, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE households SET utility_cost = $1, utility_cost_source = $2, version = version + 1
			WHERE id = $3 AND version = $4`, int64(h.Utility.Cost), h.Utility.Source, h.ID, h.Version)
		if err != nil {
			return fmt.Errorf("household utility cost: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("household %s: %w", h.UUID, fail.ErrConflict)
		}
		if err := refreshHouseholds(ctx, tx, 0, h.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
	h.Version++
	return h, err
}

func insertMembers(ctx context.Context, tx *sql.Tx, householdID int64, members []registry.Member) error {
	for _, m := range members {
		_, err := tx.ExecContext(ctx, `INSERT INTO household_members (household_id, person_id, relationship)
			VALUES ($1, $2, $3)`, householdID, m.PersonID, m.Relationship)
		if err != nil {
			return fmt.Errorf("household member %s: %w", m.FIN, err)
		}
	}
	return nil
}
