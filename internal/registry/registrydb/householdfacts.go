package registrydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// HouseholdMembers reads the members of the next limit households after a household id,
// with their categories and incomes between from and to, ordered by household: two range
// queries per page.
func (s *Store) HouseholdMembers(ctx context.Context, after, upto int64, limit int, from, to clock.Date) ([]registry.MemberRow, error) {
	var last sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM (SELECT id FROM households WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3) b`, after, upto, limit).Scan(&last); err != nil || !last.Valid {
		return nil, err
	}
	// only the columns a rule reads: a dry run streams the whole registry through here. Each
	// member's income over the period comes with the member, summed from the index
	// person_incomes_amounts, rather than in a second round trip.
	rows, err := s.db.QueryContext(ctx, `SELECT m.household_id, m.relationship, p.id, p.fin, p.sex, p.birth_date, p.death_date,
		p.iban <> '', p.disability_group, p.disability_percent, p.disability_until,
		(SELECT COALESCE(SUM(i.amount), 0) FROM person_incomes i WHERE i.person_id = p.id AND i.month >= $3 AND i.month < $4),
		(SELECT COUNT(DISTINCT i.month) FROM person_incomes i WHERE i.person_id = p.id AND i.month >= $3 AND i.month < $4),
		h.utility_cost, h.utility_cost_source
		FROM household_members m JOIN persons p ON p.id = m.person_id JOIN households h ON h.id = m.household_id
		WHERE m.household_id > $1 AND m.household_id <= $2 ORDER BY m.household_id, m.person_id`, after, last.Int64, from, to)
	if err != nil {
		return nil, fmt.Errorf("household members: %w", err)
	}
	out := make([]registry.MemberRow, 0, 4*limit) // about 3.7 members a household in the demo country
	index := make(map[int64]int, 4*limit)
	for rows.Next() {
		var m registry.MemberRow
		var hasIBAN bool
		var cost sql.NullInt64
		p := &m.Person
		if err := rows.Scan(&m.HouseholdID, &m.Relationship, &p.ID, &p.FIN, &p.Sex, &p.BirthDate, &p.DeathDate, &hasIBAN,
			&p.DisabilityGroup, &p.DisabilityPercent, &p.DisabilityUntil, &m.Income, &m.IncomeMonths, &cost, &m.Utility.Source); err != nil {
			rows.Close()
			return nil, err
		}
		if hasIBAN {
			p.IBAN = "present"
		}
		m.Utility.Known, m.Utility.Cost = cost.Valid, money.Amount(cost.Int64)
		index[p.ID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	return out, s.attachCategories(ctx, out, index, after, last.Int64)
}

func (s *Store) attachCategories(ctx context.Context, out []registry.MemberRow, index map[int64]int, after, last int64) error {
	rows, err := s.db.QueryContext(ctx, `SELECT c.person_id, c.id, c.category, c.evidence, c.source, c.valid_from, c.valid_until
		FROM person_categories c JOIN household_members m ON m.person_id = c.person_id
		WHERE m.household_id > $1 AND m.household_id <= $2`, after, last)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c registry.Category
		if err := rows.Scan(&c.PersonID, &c.ID, &c.Code, &c.Evidence, &c.Source, &c.ValidFrom, &c.ValidUntil); err != nil {
			return err
		}
		if i, ok := index[c.PersonID]; ok {
			out[i].Categories = append(out[i].Categories, c)
		}
	}
	return rows.Err()
}

// IncomeMonths counts the months from (inclusive) to to (exclusive) for which the person has
// an income on record.
func (s *Store) IncomeMonths(ctx context.Context, personID int64, from, to clock.Date) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT month) FROM person_incomes
		WHERE person_id = $1 AND month >= $2 AND month < $3`, personID, from, to).Scan(&n)
	return n, err
}

// LastHousehold is the highest household id.
func (s *Store) LastHousehold(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM households`).Scan(&id)
	return id.Int64, err
}
