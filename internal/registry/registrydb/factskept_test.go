package registrydb_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// TestKeptFactsFollowEveryWriter: after each registry write that changes what a rule reads —
// a household made, members added, moved and removed, a person's data and IBAN, a category,
// the utility cost, an income entered, corrected and imported — the household facts the
// registry keeps are exactly those recomputed from scratch from its tables.
func TestKeptFactsFollowEveryWriter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		a := create(t, s, "5ABCD12", "Məmmədov", "Rəşad")
		b := create(t, s, "6ABCD12", "Məmmədova", "Leyla")
		c := create(t, s, "7ABCD12", "Məmmədov", "Orxan")
		e := create(t, s, "8ABCD12", "Əliyev", "Kamran")
		h, err := s.CreateHousehold(officer, a.FIN, 50301, "Bakı")
		must(t, err)
		keptIsFresh(t, d, "household made", 1)
		h, err = s.SetMember(officer, h.UUID, h.Version, b.FIN, "spouse")
		must(t, err)
		h, err = s.SetMember(officer, h.UUID, h.Version, c.FIN, "child")
		must(t, err)
		keptIsFresh(t, d, "members added", 3)
		_, err = s.Update(officer, b.FIN, b.Version, map[string]string{"birth_date": "1990-02-03", "disability_group": "2",
			"disability_percent": "60", "disability_until": "2027-01-31"}, registry.SourceManual)
		must(t, err)
		keptIsFresh(t, d, "person updated", 3)
		_, err = s.Update(officer, a.FIN, a.Version, map[string]string{"iban": "AZ21NABZ00000000137010001944"}, registry.SourceManual)
		must(t, err)
		keptIsFresh(t, d, "IBAN", 3)
		_, err = s.AddCategory(officer, c, registry.Category{Code: registry.CatCarer, Evidence: "order 12",
			ValidFrom: clock.NewDate(2025, 1, 1), ValidUntil: clock.NewDate(2026, 6, 30)})
		must(t, err)
		keptIsFresh(t, d, "category", 3)
		h, err = s.SetUtility(officer, h.UUID, h.Version, 12345, "supplier")
		must(t, err)
		keptIsFresh(t, d, "utility cost", 3)
		for _, amount := range []string{"450,50", "460"} {
			_, _, err = s.RecordIncome(officer, a, registry.IncomeInput{Month: "2026-10", Amount: amount, Source: "declaration"})
			must(t, err)
			keptIsFresh(t, d, "income "+amount, 3)
		}
		_, _, err = s.RecordIncome(officer, a, registry.IncomeInput{Month: "2026-09", Amount: "0", Source: "tax"})
		must(t, err)
		imp := importerFor(t, d)
		got := importIncome(t, imp, "income.csv", importer.GoodLines, []byte("fin;month;amount;source\n6ABCD12;2026-09;300;sspf\n5ABCD12;2026-09;12,5;sspf\n"))
		if got.Added != 2 {
			t.Fatalf("import %+v", got)
		}
		keptIsFresh(t, d, "income imported", 3)
		h, err = s.SetMember(officer, h.UUID, h.Version, c.FIN, "")
		must(t, err)
		keptIsFresh(t, d, "member removed", 2)
		other, err := s.CreateHousehold(officer, e.FIN, 50301, "Gəncə")
		must(t, err)
		_, err = s.SetMember(officer, other.UUID, other.Version, c.FIN, "child")
		must(t, err)
		keptIsFresh(t, d, "member moved", 4)
		_, err = s.Update(officer, e.FIN, e.Version, map[string]string{"death_date": "2026-11-01"}, registry.SourceManual)
		must(t, err)
		keptIsFresh(t, d, "death", 4)
	})
}

// keptIsFresh compares the kept facts with the same facts recomputed from scratch
// (RefreshFacts over every household) and counts the member rows.
func keptIsFresh(t *testing.T, d *db.DB, after string, rows int) {
	t.Helper()
	kept := factRows(t, d)
	if err := registrydb.RefreshFacts(context.Background(), d, 0, 1<<40); err != nil {
		t.Fatal(err)
	}
	if fresh := factRows(t, d); kept != fresh || strings.Count(fresh, "\n") != rows {
		t.Fatalf("after %s: kept facts\n%s\nrecomputed\n%s", after, kept, fresh)
	}
}

func factRows(t *testing.T, d *db.DB) string {
	t.Helper()
	r, err := d.Query(`SELECT household_id, person_id, relationship, fin, sex, CAST(birth_date AS TEXT), COALESCE(CAST(death_date AS TEXT), ''),
		CASE WHEN has_iban THEN 1 ELSE 0 END, disability_group, disability_percent, COALESCE(CAST(disability_until AS TEXT), ''),
		categories, incomes, COALESCE(utility_cost, -1) FROM household_facts ORDER BY household_id, person_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out strings.Builder
	for r.Next() {
		var hid, pid, group, percent, iban, cost int64
		var rel, fin, sex, birth, death, until, cats, incomes string
		if err := r.Scan(&hid, &pid, &rel, &fin, &sex, &birth, &death, &iban, &group, &percent, &until, &cats, &incomes, &cost); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&out, hid, pid, rel, fin, sex, birth, death, iban, group, percent, until, cats, incomes, cost)
	}
	return out.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrationFillsFactsAsWritersDo: migration 00028 fills household_facts from existing
// data with the very statement every writer uses, on both engines.
func TestMigrationFillsFactsAsWritersDo(t *testing.T) {
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, engine := range []string{"sqlite", "postgres"} {
		m, err := os.ReadFile("../../../migrations/" + engine + "/00028_household_facts.sql")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(squeeze(string(m)), squeeze(registrydb.FactsFill)+";") {
			t.Errorf("%s: the migration's fill is not the writers' statement", engine)
		}
	}
}
