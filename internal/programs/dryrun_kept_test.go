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
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// TestDryRunKeptFactsAgreeWithMembers dry-runs rules over a generated registry on both
// engines, once from the household facts the registry keeps (household_facts) and once
// member by member from the registry's tables (the reference pass), and finds the same
// cases, counts, sums, changed cases and samples: the shipped law-complete TSSA rule (which
// reads the members: income known, reasons beyond the family's control, utility cost) against
// a draft, rules reading members' ages and categories, and a per-person programme. The
// registry holds dead members, members with categories, incomes with gaps and households
// with and without a known utility cost.
func TestDryRunKeptFactsAgreeWithMembers(t *testing.T) {
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
			// a few dead members, whose income and place in the household no longer count, and
			// a few categories ended: written behind the registry's back, so the kept facts are
			// rewritten from the tables, as after any manual repair
			for _, q := range []string{
				`UPDATE persons SET death_date = '2020-01-01' WHERE id IN (SELECT person_id FROM household_members WHERE household_id % 17 = 0)`,
				`UPDATE person_categories SET valid_until = '2021-06-30' WHERE id % 3 = 0`,
			} {
				if _, err := a.DB.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := registrydb.RefreshFacts(ctx, a.DB, 0, 1<<40); err != nil {
				t.Fatal(err)
			}
			day := clock.Today(clock.System{})
			draft := demo.Programs()[0].Rule
			draft.Amount = "params.need_criterion * household.size - household.avg_monthly_income + 1000"
			draft.Values = append(draft.Values, eligibility.Value{Name: "year", Expr: "household.income_12m"})
			rv, err := a.Programs.SaveRule(ctx, "TSSA", draft)
			if err != nil {
				t.Fatal(err)
			}
			members := demo.Programs()[0].Rule
			members.Conditions = append(members.Conditions, eligibility.Condition{Name: "children",
				Expr: "household.members.exists(m, m.age < 18 && m.relationship == 'child') || household.members.exists(m, m.has_bank_account && m.income_months < 12)",
				Held: members.Conditions[0].Held, Failed: members.Conditions[0].Failed})
			withMembers, err := a.Programs.SaveRule(ctx, "TSSA", members)
			if err != nil {
				t.Fatal(err)
			}
			disability := demo.Programs()[3].Rule
			disability.Amount = "person.disability_group == 1 ? params.group_1 + 100 : params.group_2"
			dv, err := a.Programs.SaveRule(ctx, "DISABILITY", disability)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				code    string
				version int
			}{{"TSSA", rv.Rule.Version}, {"TSSA", withMembers.Rule.Version}, {"DISABILITY", dv.Rule.Version}} {
				a.Programs.SetMemberPass(true)
				want, err := a.Programs.DryRunRule(ctx, c.code, c.version, day, "en", nil)
				a.Programs.SetMemberPass(false)
				if err != nil {
					t.Fatal(err)
				}
				var last int64
				got, err := a.Programs.DryRunRule(ctx, c.code, c.version, day, "en", func(done, total int64) { last = max(last, done*100/total) })
				if err != nil {
					t.Fatal(err)
				}
				if got.Cases != want.Cases || got.Draft != want.Draft || *got.Current != *want.Current || got.Changed != want.Changed ||
					len(got.Samples) != len(want.Samples) || want.Cases < 500 || want.Draft.Eligible < 10 || last != 100 {
					t.Fatalf("%s %d: kept facts %+v %+v, member pass %+v %+v (progress %d%%)", c.code, c.version, got, *got.Current, want, *want.Current, last)
				}
				if c.code == "TSSA" && (want.Changed < 1 || want.Draft.Review < 10) || c.version == rv.Rule.Version && want.Changed < 10 {
					t.Fatalf("%s %d: too few changed or referred cases to compare: %+v", c.code, c.version, want)
				}
				for i := range got.Samples {
					g, w := got.Samples[i], want.Samples[i]
					if g.Changed != w.Changed || g.Draft != w.Draft || g.Current != w.Current || g.Explanation != w.Explanation || g.Case == "" {
						t.Fatalf("%s %d, sample %d: kept facts %+v, member pass %+v", c.code, c.version, i, g, w)
					}
				}
			}
		})
	}
}
