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
func (s *Service) Facts(ctx context.Context, fin string, day clock.Date, purpose string) (Facts, error) {
	p, err := s.Person(ctx, fin, purpose)
	if err != nil {
		return Facts{}, err
	}
	f := Facts{PersonID: p.ID}
	cats, err := s.store.Categories(ctx, p.ID)
	if err != nil {
		return f, err
	}
	f.Person = personFacts(p, cats, day)
	members := []Person{p}
	memberCats := map[int64][]Category{p.ID: cats}
	rel := map[int64]string{p.ID: "head"}
	h, err := s.store.HouseholdOf(ctx, p.ID)
	switch {
	case err == nil:
		f.HouseholdID = h.ID
		if members, memberCats, rel, err = s.memberFacts(ctx, h); err != nil {
			return f, err
		}
	case !errors.Is(err, fail.ErrNotFound):
		return f, err
	}
	f.Household, err = s.householdFacts(ctx, members, memberCats, rel, day)
	if err != nil {
		return f, err
	}
	return f, s.audit.Record(ctx, audit.For(ctx, audit.Read, purpose, "person", p.FIN, "facts for a decision"))
}

func (s *Service) memberFacts(ctx context.Context, h Household) ([]Person, map[int64][]Category, map[int64]string, error) {
	var people []Person
	cats := map[int64][]Category{}
	rel := map[int64]string{}
	for _, m := range h.Members {
		mp, err := s.store.PersonByFIN(ctx, m.FIN)
		if err != nil {
			return nil, nil, nil, err
		}
		if cats[mp.ID], err = s.store.Categories(ctx, mp.ID); err != nil {
			return nil, nil, nil, err
		}
		people = append(people, mp)
		rel[mp.ID] = m.Relationship
	}
	return people, cats, rel, nil
}

func personFacts(p Person, cats []Category, day clock.Date) map[string]any {
	var codes []any
	for _, c := range cats {
		if c.ValidOn(day) {
			codes = append(codes, c.Code)
		}
	}
	return map[string]any{
		"fin": p.FIN, "age": int64(p.BirthDate.AgeOn(day)), "sex": p.Sex, "alive": p.Alive(),
		"disabled": p.Disabled(day), "disability_group": int64(p.DisabilityGroup),
		"disability_percent": int64(p.DisabilityPercent), "categories": orNone(codes),
		"has_bank_account": p.IBAN != "",
	}
}

func (s *Service) householdFacts(ctx context.Context, people []Person, cats map[int64][]Category, rel map[int64]string, day clock.Date) (map[string]any, error) {
	from := clock.NewDate(day.Year, day.Month-12, 1)
	to := clock.NewDate(day.Year, day.Month, 1)
	var ids []int64
	var members []any
	for _, p := range people {
		if !p.Alive() {
			continue
		}
		ids = append(ids, p.ID)
		m := personFacts(p, cats[p.ID], day)
		m["relationship"] = rel[p.ID]
		members = append(members, m)
	}
	total, err := s.store.IncomeTotal(ctx, ids, from, to)
	if err != nil {
		return nil, fmt.Errorf("incomes: %w", err)
	}
	return map[string]any{
		"size": int64(len(members)), "members": orNone(members),
		"income_12m": int64(total), "avg_monthly_income": int64(total.MulRat(1, 12)),
	}, nil
}

func orNone(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}
