package registry

import (
	"context"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Income is one month's income of a person from one source (wage, pension, benefit…), in qəpik.
type Income struct {
	PersonID int64
	Month    clock.Date // the first day of the month
	Amount   money.Amount
	Source   string
}

// Facts is what the registry knows about a person and their household on a day, as plain
// values a rule can read and a decision can keep as its inputs snapshot.
type Facts struct {
	PersonID    int64
	HouseholdID int64
	Person      map[string]any
	Household   map[string]any
}

// Facts gathers the facts about the person with fin on day and records the read. Income is
// averaged over the twelve full months before day, over the living members of the household.
// A household is read the way a dry run reads the whole registry (HouseholdFacts), so a
// decision and a dry run see the same facts.
func (s *Service) Facts(ctx context.Context, fin string, day clock.Date, purpose string) (Facts, error) {
	p, err := s.Person(ctx, fin, purpose)
	if err != nil {
		return Facts{}, err
	}
	cats, err := s.store.Categories(ctx, p.ID)
	if err != nil {
		return Facts{}, err
	}
	f := Facts{PersonID: p.ID, Person: personFacts(p, cats, day)}
	h, err := s.store.HouseholdOf(ctx, p.ID)
	switch {
	case err == nil:
		batch, err := s.HouseholdFacts(ctx, h.ID-1, h.ID, 1, day)
		if err != nil || len(batch.Facts) != 1 {
			return f, fmt.Errorf("facts of household %d: %w", h.ID, errors.Join(err, fail.ErrNotFound))
		}
		f.HouseholdID, f.Household = h.ID, batch.Facts[0].Household
	case errors.Is(err, fail.ErrNotFound):
		if f.Household, err = s.aloneFacts(ctx, p, f.Person, day); err != nil {
			return f, err
		}
	default:
		return f, err
	}
	return f, s.audit.Record(ctx, audit.For(ctx, audit.Read, purpose, "person", p.FIN, audit.Msg("facts")))
}

// aloneFacts is the household of a person registered in none: themself.
func (s *Service) aloneFacts(ctx context.Context, p Person, person map[string]any, day clock.Date) (map[string]any, error) {
	var members []any
	var ids []int64
	if p.Alive() {
		me := map[string]any{"relationship": "head"}
		for k, v := range person {
			me[k] = v
		}
		members, ids = append(members, me), append(ids, p.ID)
	}
	from, to := clock.NewDate(day.Year, day.Month-12, 1), clock.NewDate(day.Year, day.Month, 1)
	income, err := s.store.IncomeTotal(ctx, ids, from, to)
	if err != nil {
		return nil, fmt.Errorf("incomes: %w", err)
	}
	if len(members) > 0 {
		months, err := s.store.IncomeMonths(ctx, p.ID, from, to)
		if err != nil {
			return nil, fmt.Errorf("income months: %w", err)
		}
		incomeFacts(members[0].(map[string]any), months, income)
	}
	return householdMap(members, income, Utility{}), nil
}

// householdMap is the household a rule reads: its living members, their income, whether it
// is known, and the household's utility cost.
func householdMap(members []any, income money.Amount, u Utility) map[string]any {
	known := true
	for _, m := range members {
		known = known && m.(map[string]any)["income_known"].(bool)
	}
	m := map[string]any{"members": orNone(members), "income_known": known,
		"utility_cost": int64(u.Cost), "utility_cost_known": u.Known}
	totals(m, int64(len(members)), income)
	return m
}

// incomeFacts puts in a member's facts their income over the 12 months, how many of the
// months have income on record, and whether their income is known: on record for every
// month, or not expected (a member not of working age). Any stored record counts, 0
// included; no record is not a zero.
func incomeFacts(member map[string]any, months int, income money.Amount) {
	member["income_12m"], member["income_months"] = int64(income), int64(months)
	member["income_known"] = months >= 12 || !member["working_age"].(bool)
}

// totals puts a household's size and income figures in m.
func totals(m map[string]any, size int64, income money.Amount) {
	m["size"], m["income_12m"], m["avg_monthly_income"] = size, int64(income), int64(income.MulRat(1, 12))
}

func personFacts(p Person, cats []Category, day clock.Date) map[string]any {
	var codes []any
	for _, c := range cats {
		if c.ValidOn(day) {
			codes = append(codes, c.Code)
		}
	}
	// room for the four facts a member gains (incomeFacts, relationship): a map that grows
	// as it is filled costs a second allocation, per member of every household in a dry run
	m := make(map[string]any, 16)
	m["fin"], m["age"], m["sex"], m["alive"] = p.FIN, int64(p.BirthDate.AgeOn(day)), p.Sex, p.Alive()
	m["disabled"], m["disability_group"] = p.Disabled(day), int64(p.DisabilityGroup)
	m["disability_percent"], m["categories"] = int64(p.DisabilityPercent), orNone(codes)
	m["has_bank_account"], m["working_age"] = p.IBAN != "", WorkingAge(p.BirthDate, p.Sex, day)
	return m
}

func orNone(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}
