package registrydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
)

// HouseholdOf returns the household the person is a member of, head first.
func (s *Store) HouseholdOf(ctx context.Context, personID int64) (registry.Household, error) {
	var h registry.Household
	err := s.db.QueryRowContext(ctx, `SELECT h.id, h.uuid, h.head_person_id, COALESCE(h.place_id, 0), h.address, h.version
		FROM household_members m JOIN households h ON h.id = m.household_id
		WHERE m.person_id = $1`, personID).
		Scan(&h.ID, &h.UUID, &h.HeadPersonID, &h.PlaceID, &h.Address, &h.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("household of person %d: %w", personID, fail.ErrNotFound)
	}
	if err != nil {
		return h, fmt.Errorf("household: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.fin, p.last_name, p.first_name, p.patronymic,
		p.sex, p.birth_date, p.death_date, m.relationship
		FROM household_members m JOIN persons p ON p.id = m.person_id
		WHERE m.household_id = $1
		ORDER BY CASE WHEN m.relationship = 'head' THEN 0 ELSE 1 END, p.birth_date, p.id`, h.ID)
	if err != nil {
		return h, fmt.Errorf("household members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m registry.Member
		var last, first, patr string
		if err := rows.Scan(&m.PersonID, &m.FIN, &last, &first, &patr, &m.Sex, &m.BirthDate, &m.DeathDate, &m.Relationship); err != nil {
			return h, err
		}
		m.FullName = registry.Person{LastName: last, FirstName: first, Patronymic: patr}.FullName()
		h.Members = append(h.Members, m)
	}
	return h, rows.Err()
}
