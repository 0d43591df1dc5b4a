package registrydb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// household_facts holds, per household member, what a rule reads of them (migration 00028),
// so that a dry run reads one table in key order instead of joining persons, members,
// categories and incomes. Every registry write that changes one of those rewrites the rows
// it changes in its own transaction, through one of the three functions below, one per
// family of facts:
//
//   - refreshHouseholds: the members of households (membership, head, a person's data, a
//     category, the utility cost), rewritten from the registry;
//   - refreshIncomes: one person's income records (SaveIncome and the income importer);
//   - RefreshFacts: a range of households, for bulk writers (demo load) and repairs.
//
// The SELECT is the migration's fill, word for word.
const factsSelect = `SELECT m.household_id, m.person_id, m.relationship, p.fin, p.sex, p.birth_date, p.death_date, p.iban <> '',
	p.disability_group, p.disability_percent, p.disability_until,
	COALESCE((SELECT string_agg(c.category || '|' || CAST(c.valid_from AS TEXT) || '|' || COALESCE(CAST(c.valid_until AS TEXT), ''), ';' ORDER BY c.id)
		FROM person_categories c WHERE c.person_id = m.person_id), ''),
	` + incomesAgg + `,
	h.utility_cost
	FROM household_members m JOIN persons p ON p.id = m.person_id JOIN households h ON h.id = m.household_id`

// incomesAgg is a member's income records, newest month first, as "YYYY-MM-01=qəpik;…".
const incomesAgg = `COALESCE((SELECT string_agg(CAST(i.month AS TEXT) || '=' || CAST(i.amount AS TEXT), ';' ORDER BY i.month DESC)
		FROM person_incomes i WHERE i.person_id = m.person_id), '')`

const factsInsert = `INSERT INTO household_facts (household_id, person_id, relationship, fin, sex, birth_date, death_date, has_iban,
	disability_group, disability_percent, disability_until, categories, incomes, utility_cost) `

// refreshHouseholds rewrites the facts of the households with the given ids, and of the
// person whose data changed (personID, 0 for none) wherever they are a member. Called in the
// transaction of the write.
func refreshHouseholds(ctx context.Context, tx db.Querier, personID int64, householdIDs ...int64) error {
	if personID != 0 {
		var h int64
		err := tx.QueryRowContext(ctx, `SELECT household_id FROM household_members WHERE person_id = $1`, personID).Scan(&h)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return fmt.Errorf("household facts: %w", err)
		default:
			householdIDs = append(householdIDs, h)
		}
	}
	for _, id := range householdIDs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM household_facts WHERE household_id = $1`, id); err != nil {
			return fmt.Errorf("household facts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, factsInsert+factsSelect+` WHERE m.household_id = $1`, id); err != nil {
			return fmt.Errorf("household facts: %w", err)
		}
	}
	return nil
}

// refreshIncomes rewrites one person's income records in their household's facts, after a
// write of their income in the same transaction.
func refreshIncomes(ctx context.Context, tx db.Querier, personID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE household_facts SET incomes = `+strings.Replace(incomesAgg, "m.person_id", "household_facts.person_id", 1)+
		` WHERE person_id = $1`, personID)
	if err != nil {
		return fmt.Errorf("household facts, incomes: %w", err)
	}
	return nil
}

// RefreshFacts rewrites the facts of the households with ids in (after, upto] in one
// statement pair: for bulk writers (the demo load, after each batch) and for a repair after a
// manual change to the registry's tables (`dost` has no other way to learn of one).
func RefreshFacts(ctx context.Context, d *db.DB, after, upto int64) error {
	return d.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM household_facts WHERE household_id > $1 AND household_id <= $2`, after, upto); err != nil {
			return fmt.Errorf("household facts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, factsInsert+factsSelect+` WHERE m.household_id > $1 AND m.household_id <= $2`, after, upto); err != nil {
			return fmt.Errorf("household facts: %w", err)
		}
		return nil
	})
}

// KeptFacts streams the kept facts of the members of the households with ids in
// (after, upto], in household order, with their income and income months between from
// (inclusive) and to (exclusive) summed from the kept records: one sequential read.
func (s *Store) KeptFacts(ctx context.Context, after, upto int64, from, to clock.Date, visit func(registry.MemberRow) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT household_id, relationship, person_id, fin, sex, birth_date, death_date, has_iban,
		disability_group, disability_percent, disability_until, categories, incomes, utility_cost
		FROM household_facts WHERE household_id > $1 AND household_id <= $2 ORDER BY household_id, person_id`, after, upto)
	if err != nil {
		return fmt.Errorf("household facts: %w", err)
	}
	defer rows.Close()
	lo, hi := from.String(), to.String()
	for rows.Next() {
		var m registry.MemberRow
		var hasIBAN bool
		var cats, incomes string
		var cost sql.NullInt64
		p := &m.Person
		if err := rows.Scan(&m.HouseholdID, &m.Relationship, &p.ID, &p.FIN, &p.Sex, &p.BirthDate, &p.DeathDate, &hasIBAN,
			&p.DisabilityGroup, &p.DisabilityPercent, &p.DisabilityUntil, &cats, &incomes, &cost); err != nil {
			return err
		}
		if hasIBAN {
			p.IBAN = "present"
		}
		m.Utility.Known, m.Utility.Cost = cost.Valid, money.Amount(cost.Int64)
		if m.Categories, err = keptCategories(p.ID, cats); err != nil {
			return err
		}
		if m.Income, m.IncomeMonths, err = keptIncome(incomes, lo, hi); err != nil {
			return err
		}
		if err := visit(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keptCategories reads "code|from|until;…" (until empty when open).
func keptCategories(personID int64, s string) ([]registry.Category, error) {
	var out []registry.Category
	for s != "" {
		var one string
		one, s, _ = strings.Cut(s, ";")
		code, rest, _ := strings.Cut(one, "|")
		from, until, _ := strings.Cut(rest, "|")
		c := registry.Category{PersonID: personID, Code: code}
		if err := c.ValidFrom.Scan(from); err != nil {
			return nil, fmt.Errorf("household facts, category of %d: %w", personID, err)
		}
		if until != "" {
			if err := c.ValidUntil.Scan(until); err != nil {
				return nil, fmt.Errorf("household facts, category of %d: %w", personID, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// keptIncome sums the records "YYYY-MM-01=qəpik;…" (newest first) of the months from lo
// (inclusive) to hi (exclusive), ISO dates compared as text, and counts the months with a
// record — as the member pass's SUM and COUNT(DISTINCT month) do.
func keptIncome(s, lo, hi string) (money.Amount, int, error) {
	var sum money.Amount
	months, last := 0, ""
	for s != "" {
		var one string
		one, s, _ = strings.Cut(s, ";")
		month, amount, _ := strings.Cut(one, "=")
		if month >= hi {
			continue
		}
		if month < lo {
			break // newest first: the rest are older still
		}
		n, err := strconv.ParseInt(amount, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("household facts, income %q: %w", one, err)
		}
		sum += money.Amount(n)
		if month != last {
			months, last = months+1, month
		}
	}
	return sum, months, nil
}
