package registrydb_test

import (
	"context"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/registry"
)

// TestUnknownIncomeIsNotZero: income is known when every working-age member has a record
// (0 allowed) for each of the 12 months; a month without one makes it unknown — not zero —
// and a child needs none. The utility cost is unknown until recorded, then read with its source.
func TestUnknownIncomeIsNotZero(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := service(t, d)
		head := create(t, s, "3FFFFF1", "Əliyev", "Rauf")
		spouse := create(t, s, "3FFFFF2", "Əliyeva", "Nərgiz")
		if _, err := s.Create(officer, "3FFFFF3", map[string]string{"last_name": "Əliyev", "first_name": "Tural", "sex": "M",
			"birth_date": "2016-03-01", "reg_place_id": "50301"}, registry.SourceManual); err != nil {
			t.Fatal(err)
		}
		h, _ := s.CreateHousehold(officer, head.FIN, 50301, "")
		h, _ = s.SetMember(officer, h.UUID, 1, spouse.FIN, "spouse")
		h, _ = s.SetMember(officer, h.UUID, 2, "3FFFFF3", "child")
		day := clock.NewDate(2026, 11, 22) // the window: the 12 full months before, 2025-11 … 2026-10
		for m := 0; m < 12; m++ {
			month := clock.NewDate(2025, time.Month(11+m), 1)
			d.ExecContext(ctx, `INSERT INTO person_incomes (person_id, month, amount, source) VALUES ($1, $2, 0, 'test')`, head.ID, month)
			if m != 5 {
				d.ExecContext(ctx, `INSERT INTO person_incomes (person_id, month, amount, source) VALUES ($1, $2, 25000, 'test')`, spouse.ID, month)
			}
		}
		f, err := s.Facts(officer, head.FIN, day, "test")
		if err != nil {
			t.Fatal(err)
		}
		byAge := map[int64]map[string]any{}
		for _, m := range f.Household["members"].([]any) {
			byAge[m.(map[string]any)["age"].(int64)] = m.(map[string]any)
		}
		if f.Household["income_known"] != false || byAge[46]["income_months"] != int64(11) || byAge[10]["income_known"] != true ||
			byAge[10]["working_age"] != false || f.Household["utility_cost_known"] != false {
			t.Fatalf("a month missing: household %v, members %v", f.Household, byAge)
		}
		d.ExecContext(ctx, `INSERT INTO person_incomes (person_id, month, amount, source) VALUES ($1, $2, 0, 'test')`, spouse.ID, clock.NewDate(2026, 4, 1))
		if _, err := s.SetUtility(officer, h.UUID, h.Version, 4520, "bills"); !isField(err, "invalid.utility_source") {
			t.Fatalf("an unknown source: %v", err)
		}
		if _, err := s.SetUtility(officer, h.UUID, h.Version, 4520, "declaration"); err != nil {
			t.Fatal(err)
		}
		f, _ = s.Facts(officer, spouse.FIN, day, "test")
		if f.Household["income_known"] != true || f.Household["utility_cost"] != int64(4520) || f.Household["utility_cost_known"] != true {
			t.Fatalf("every month on record: %v", f.Household)
		}
		batch, err := s.HouseholdFacts(ctx, 0, h.ID, 10, day)
		if err != nil || len(batch.Facts) != 1 || batch.Facts[0].Household["income_known"] != true || batch.Facts[0].Household["utility_cost"] != int64(4520) {
			t.Fatalf("the whole-registry read differs: %+v %v", batch, err)
		}
	})
}
