package demo_test

import (
	"context"
	"testing"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

func TestGenerateFillsAnEmptyRegistryOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := demo.Generate(ctx, d, demo.Options{Persons: 3000, Seed: 1, Today: clock.NewDate(2026, 11, 22)})
		if err != nil || n != 3000 {
			t.Fatalf("Generate = %d, %v", n, err)
		}
		var persons, heads, members, badBirth, cats int
		d.QueryRow(`SELECT COUNT(*) FROM persons`).Scan(&persons)
		d.QueryRow(`SELECT COUNT(*) FROM household_members WHERE relationship = 'head'`).Scan(&heads)
		d.QueryRow(`SELECT COUNT(*) FROM household_members`).Scan(&members)
		d.QueryRow(`SELECT COUNT(*) FROM persons WHERE birth_date > '2026-11-22' OR birth_date < '1900-01-01'`).Scan(&badBirth)
		d.QueryRow(`SELECT COUNT(DISTINCT category) FROM person_categories`).Scan(&cats)
		if persons != 3000 || members != 3000 || heads < 700 || badBirth != 0 || cats < 3 {
			t.Fatalf("persons=%d members=%d heads=%d badBirth=%d categories=%d", persons, members, heads, badBirth, cats)
		}
		if _, err := demo.Generate(ctx, d, demo.Options{Persons: 10}); err == nil {
			t.Fatal("a second demo load into a filled registry was accepted")
		}
	})
}

// TestShippedRulesCompile: every rule the demo ships type-checks against the facts the
// domains offer (a fact renamed in the registry would otherwise fail every decision).
func TestShippedRulesCompile(t *testing.T) {
	for _, spec := range demo.Programs() {
		if _, err := eligibility.Compile(spec.Rule); err != nil {
			t.Errorf("%s: %v", spec.Program.Code, err)
		}
	}
}
