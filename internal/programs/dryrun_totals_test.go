package programs_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/programs"
)

// TestDryRunTotalsPassAgreesWithMembers dry-runs rules that read only a household's totals
// over a generated registry on both engines, once through the grouped totals pass and once
// member by member (the pass every rule had before), and finds the same counts, sums, changed
// cases and samples. A rule that reads the members still runs, member by member.
func TestDryRunTotalsPassAgreesWithMembers(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
			if engine == "postgres" {
				url = dbtest.PostgresURL(t)
			}
			ctx := authz.With(context.Background(), &authz.Principal{Login: "analyst"})
			a, err := app.New(ctx, app.Config{DB: url, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			if _, err := a.SeedDemo(context.Background(), 3000, 0, nil); err != nil {
				t.Fatal(err)
			}
			// a few dead members, whose income and place in the household no longer count
			a.DB.ExecContext(ctx, `UPDATE persons SET death_date = '2020-01-01' WHERE id IN (SELECT person_id FROM household_members WHERE household_id % 17 = 0)`)
			day := clock.Today(clock.System{})
			// the shipped TSSA rule reads the members (income known, reasons beyond the family's
			// control); the income test alone reads only totals: it is put in force, as the
			// system, so that both versions of each run below can take the totals pass
			current := incomeOnly()
			current.EffectiveFrom = clock.NewDate(2025, 1, 1)
			cv, err := a.Programs.SaveRule(ctx, "TSSA", current)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Programs.Activate(context.Background(), "TSSA", cv.Rule.Version); err != nil {
				t.Fatal(err)
			}
			draft := incomeOnly()
			draft.Amount = "params.need_criterion * household.size - household.avg_monthly_income + 1000"
			draft.Values = append(draft.Values, eligibility.Value{Name: "year", Expr: "household.income_12m"})
			rv, err := a.Programs.SaveRule(ctx, "TSSA", draft)
			if err != nil {
				t.Fatal(err)
			}
			members := incomeOnly()
			members.Conditions = append(members.Conditions, eligibility.Condition{Name: "children",
				Expr: "household.members.exists(m, m.age < 18)", Held: members.Conditions[0].Held, Failed: members.Conditions[0].Failed})
			withMembers, err := a.Programs.SaveRule(ctx, "TSSA", members)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []int{rv.Rule.Version, withMembers.Rule.Version} {
				a.Programs.SetMemberPass(true)
				want, err := a.Programs.DryRunRule(ctx, "TSSA", v, day, "en", nil)
				a.Programs.SetMemberPass(false)
				if err != nil {
					t.Fatal(err)
				}
				var last int64
				got, err := a.Programs.DryRunRule(ctx, "TSSA", v, day, "en", func(done, total int64) { last = max(last, done*100/total) })
				if err != nil {
					t.Fatal(err)
				}
				if got.Cases != want.Cases || got.Draft != want.Draft || *got.Current != *want.Current || got.Changed != want.Changed ||
					len(got.Samples) != len(want.Samples) || want.Cases < 500 || want.Draft.Eligible < 10 || want.Changed < 10 || last != 100 {
					t.Fatalf("version %d: totals pass %+v %+v, member pass %+v %+v (progress %d%%)", v, got, *got.Current, want, *want.Current, last)
				}
				for i := range got.Samples {
					g, w := got.Samples[i], want.Samples[i]
					if g.Changed != w.Changed || g.Draft != w.Draft || g.Current != w.Current || g.Explanation != w.Explanation || g.Case == "" {
						t.Fatalf("version %d, sample %d: totals pass %+v, member pass %+v", v, i, g, w)
					}
				}
			}
		})
	}
}

// incomeOnly is the shipped TSSA rule reduced to its income test, which reads only a
// household's totals.
func incomeOnly() eligibility.Rule {
	r := demo.Programs()[0].Rule
	r.Review, r.Referred = nil, eligibility.Text{}
	r.Values, r.Conditions = r.Values[:4], r.Conditions[:1]
	if !programs.TotalsOnly(must(eligibility.Compile(r))) {
		panic("the income test reads more than totals")
	}
	return r
}

func must(c *eligibility.Compiled, err error) *eligibility.Compiled {
	if err != nil {
		panic(err)
	}
	return c
}

// TestTotalsOnly: only rules that read nothing but a household's size and income take the
// totals pass.
func TestTotalsOnly(t *testing.T) {
	for expr, want := range map[string]bool{
		"household.avg_monthly_income < params.need * household.size": true,
		"household.income_12m > 0 && has(household.size)":             true,
		"household.members.exists(m, m.age < 18)":                     false,
		"person.age > 60 && household.size > 1":                       false,
		"household.size > 1 && [1].exists(household, household > 0)":  false,
	} {
		c, err := eligibility.Compile(eligibility.Rule{Program: "X", Version: 1,
			Conditions: []eligibility.Condition{{Name: "c", Expr: expr}}, Amount: "1"})
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if got := programs.TotalsOnly(c); got != want {
			t.Errorf("%s: totals only %v, want %v", expr, got, want)
		}
	}
	// reading the household as a map is refused since facts are typed (eligibility.Offer):
	// a fact name in a string would escape the type checker
	for _, expr := range []string{"household['size'] > 1", "size(household) > 0"} {
		if _, err := eligibility.Compile(eligibility.Rule{Program: "X", Version: 1,
			Conditions: []eligibility.Condition{{Name: "c", Expr: expr}}, Amount: "1"}); err == nil {
			t.Errorf("%s was compiled", expr)
		}
	}
}
