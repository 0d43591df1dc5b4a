package registrydb_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
)

// TestRecordIncome: an officer adds a month's income, corrects it, enters it again unchanged;
// each write is audited, the same month and source stay one record, and another source is
// another record.
func TestRecordIncome(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, log := service(t, d)
		p := create(t, s, "5ABCD12", "Məmmədov", "Rəşad")
		steps := []struct {
			in   registry.IncomeInput
			want registry.Outcome
		}{
			{registry.IncomeInput{Month: "2026-10", Amount: "450,50", Source: "declaration"}, registry.Added},
			{registry.IncomeInput{Month: "2026-10", Amount: "460", Source: "declaration"}, registry.Changed},
			{registry.IncomeInput{Month: "2026-10", Amount: "460.00", Source: "declaration"}, registry.Unchanged},
			{registry.IncomeInput{Month: "2026-10", Amount: "0", Source: "tax"}, registry.Added},
			{registry.IncomeInput{Month: "2026-09", Amount: "300", Source: "sspf"}, registry.Added},
		}
		for _, st := range steps {
			if _, o, err := s.RecordIncome(officer, p, st.in); err != nil || o != st.want {
				t.Fatalf("%+v: outcome %v, %v; want %v", st.in, o, err, st.want)
			}
		}
		got, err := s.Incomes(officer, p, clock.Month{Year: 2025, Month: 12}, clock.Month{Year: 2026, Month: 11})
		if err != nil || len(got) != 3 {
			t.Fatalf("incomes %+v, %v", got, err)
		}
		first := got[0] // newest first, then by source
		if first.Month.String() != "2026-10" || first.Source != "declaration" || first.Amount != 46000 || first.RecordedBy != "officer" || first.RecordedAt.IsZero() {
			t.Fatalf("newest %+v", first)
		}
		var changes []string // the person's history keeps what a correction replaced
		rows, _ := d.Query(`SELECT old_value, new_value FROM person_changes WHERE person_id = $1 AND field = 'income' ORDER BY id`, p.ID)
		for rows.Next() {
			var o, n string
			rows.Scan(&o, &n)
			changes = append(changes, o+" → "+n)
		}
		rows.Close()
		if len(changes) != 4 || changes[1] != "2026-10 declaration 450.50 → 2026-10 declaration 460.00" {
			t.Fatalf("income history %q", changes)
		}
		entries, _ := log.List(context.Background(), audit.Filter{Limit: 100})
		writes := 0
		for _, e := range entries {
			if e.Purpose == "income" && e.Action == "update" && e.EntityID == p.FIN {
				writes++
			}
		}
		if writes != len(steps) {
			t.Fatalf("%d income writes audited, want %d", writes, len(steps))
		}
	})
}

// TestRecordIncomeRefusesBadInput: every field is checked at once, with a message key per field.
func TestRecordIncomeRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		p := create(t, s, "5ABCD12", "Məmmədov", "Rəşad")
		cases := map[registry.IncomeInput]string{
			{Month: "", Amount: "", Source: ""}:                   "month:invalid.required amount:invalid.required source:invalid.income_source",
			{Month: "2026-13", Amount: "12.345", Source: "wage"}:  "month:invalid.income_month amount:invalid.income_amount source:invalid.income_source",
			{Month: "2027-01", Amount: "-5", Source: "tax"}:       "month:invalid.income_month_range amount:invalid.income_amount_range",
			{Month: "1999-12", Amount: "1000001", Source: "sspf"}: "month:invalid.income_month_range amount:invalid.income_amount_range",
		}
		for in, want := range cases {
			_, _, err := s.RecordIncome(officer, p, in)
			var fields fail.Fields
			if !errors.As(err, &fields) {
				t.Fatalf("%+v: %v", in, err)
			}
			var got []string
			for _, f := range fields {
				got = append(got, f.Name+":"+f.Key)
			}
			if strings.Join(got, " ") != want {
				t.Errorf("%+v: %s, want %s", in, strings.Join(got, " "), want)
			}
		}
		if got, _ := s.Incomes(officer, p, clock.Month{Year: 1999, Month: 1}, clock.Month{Year: 2027, Month: 12}); len(got) != 0 {
			t.Fatalf("refused input stored: %+v", got)
		}
	})
}

// TestIncomeSumStillReadsTheIndex: the columns the income records gained leave the dry run's
// sum on SQLite to the covering index person_incomes_amounts, without a seek into the table.
func TestIncomeSumStillReadsTheIndex(t *testing.T) {
	d := dbtest.SQLite(t)
	rows, err := d.Query(`EXPLAIN QUERY PLAN SELECT SUM(i.amount) FROM person_incomes i WHERE i.person_id = 1 AND i.month >= '2025-11-01' AND i.month < '2026-11-01'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "COVERING INDEX person_incomes_amounts") {
		t.Fatalf("plan %q", p)
	}
}
