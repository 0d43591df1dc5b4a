package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
)

// draftRule is a TSSA draft whose one condition is cond, as the rule editor takes it.
func draftRule(cond string) string {
	return fmt.Sprintf(`{"program": "TSSA", "effective_from": "2027-01-01", "amount": "params.need_criterion",
		"conditions": [{"name": "c", "expr": %q, "held": {"az": "bəli", "en": "yes", "ru": "да"}, "failed": {"az": "xeyr", "en": "no", "ru": "нет"}}],
		"granted": {"az": "{amount}", "en": "{amount}", "ru": "{amount}"}}`, cond)
}

// TestAttackAnalystExtractsPersonThroughDraftRule: an analyst writes a draft that singles out
// one person by FİN, to read their income through a dry run. The draft is refused on save,
// with the field and its position, in the analyst's language.
func TestAttackAnalystExtractsPersonThroughDraftRule(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		c := login(t, srv, a, "analyst")
		for _, cond := range []string{
			`person.fin == "` + fin + `" && household.avg_monthly_income > 30000`,
			`household.members.exists(m, m.fin == "` + fin + `" && m.disabled)`,
		} {
			body := c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {draftRule(cond)}}, http.StatusUnprocessableEntity)
			// the position is in the document the analyst edits: the expression is on its line 2
			if !regexp.MustCompile(`Sətir 2, sütun \d+: qayda şəxsi tanıdan “fin” məlumatını oxuya bilməz`).MatchString(body) {
				t.Fatalf("%s:\n%s", cond, body)
			}
		}
		var drafts int
		a.DB.QueryRow(`SELECT COUNT(*) FROM rules WHERE status = 'draft'`).Scan(&drafts)
		if drafts != 0 {
			t.Fatalf("%d drafts saved", drafts)
		}
	})
}

// TestRuleWithATypoIsRefusedOnSave: the typo that once was saved, activated and then failed
// every TSSA decision is refused on save, naming the fact at its line and column in the
// rule's JSON as typed, in the analyst's language; nothing is saved.
func TestRuleWithATypoIsRefusedOnSave(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		doc := draftRule(`household.size > 0 && household.avg_monthly_incom < 30000`)
		col := strings.Index(strings.Split(doc, "\n")[1], ".avg_monthly_incom") + 1
		body := c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {doc}}, http.StatusUnprocessableEntity)
		if want := fmt.Sprintf("Sətir 2, sütun %d: “avg_monthly_incom” adlı fakt yoxdur", col); !strings.Contains(body, want) {
			t.Fatalf("want %q in\n%s", want, body)
		}
		body = c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {draftRule(`household.size > "3"`)}}, http.StatusUnprocessableEntity)
		if !regexp.MustCompile(`Sətir 2, sütun \d+: “&gt;” bu qiymətlərə tətbiq edilə bilməz`).MatchString(body) {
			t.Fatalf("a text compared with a number:\n%s", body)
		}
		doc = strings.Replace(draftRule(`household.size > 0`), `"amount": "params.need_criterion"`, `"amount": "params.need_criterio * 2"`, 1)
		col = strings.Index(strings.Split(doc, "\n")[0], ".need_criterio") + 1
		body = c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {doc}}, http.StatusUnprocessableEntity)
		if want := fmt.Sprintf("Sətir 1, sütun %d: proqramın “need_criterio” parametri yoxdur", col); !strings.Contains(body, want) {
			t.Fatalf("a misspelt parameter: want %q in\n%s", want, body)
		}
		var drafts int
		a.DB.QueryRow(`SELECT COUNT(*) FROM rules WHERE status = 'draft'`).Scan(&drafts)
		if drafts != 0 {
			t.Fatalf("%d drafts saved", drafts)
		}
	})
}

// activateIncomeTest puts in force, as the system, the shipped TSSA rule's income test alone,
// which grants far more households than the whole rule: about 3% of a 400-person demo is too
// few to show a count that is not withheld.
func activateIncomeTest(t *testing.T, a *app.App) {
	t.Helper()
	r := demo.Programs()[0].Rule
	r.Review, r.Referred = nil, eligibility.Text{}
	r.Values, r.Conditions = r.Values[:4], r.Conditions[:1]
	r.EffectiveFrom = clock.NewDate(2025, 1, 1)
	rv, err := a.Programs.SaveRule(context.Background(), "TSSA", r)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Programs.Activate(context.Background(), "TSSA", rv.Rule.Version); err != nil {
		t.Fatal(err)
	}
}

// TestAttackAnalystReadsPersonsThroughDryRunSamples: a dry run shows the analyst aggregates
// only. Samples carry a pseudonym, no FİN and no name; a count below 10 reads "< 10" (with its
// monthly cost withheld) in the API and on the page; and each person a sample showed is in
// the audit log as read by the analyst for a dry-run sample.
func TestAttackAnalystReadsPersonsThroughDryRunSamples(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		activateIncomeTest(t, a)
		c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {draftRule(`household.size == 99 && person.age > 0`)}}, http.StatusSeeOther)
		var version int
		a.DB.QueryRow(`SELECT MAX(r.version) FROM rules r JOIN programs p ON p.id = r.program_id WHERE p.code = 'TSSA'`).Scan(&version)
		resp, run := c.api(t, http.MethodPost, fmt.Sprintf("/api/v1/programs/TSSA/rules/%d/dry-run", version), `{"date": "2026-11-01"}`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("dry run: %d %v", resp.StatusCode, run)
		}
		draft, current := run["draft"].(map[string]any), run["current"].(map[string]any)
		if draft["eligible"] != "< 10" || draft["monthly_cost"] != float64(0) || draft["monthly_cost_withheld"] != true || draft["failed"] != "< 10" {
			t.Fatalf("small counts shown: %v", draft)
		}
		if n, ok := current["eligible"].(float64); !ok || n < 10 || current["monthly_cost"].(float64) == 0 {
			t.Fatalf("a large count hidden: %v", current)
		}
		samples := run["samples"].([]any)
		if len(samples) == 0 {
			t.Fatalf("no samples of %v changed cases", run["changed"])
		}
		raw := toJSON(run)
		rows, _ := a.DB.Query(`SELECT fin, last_name, first_name FROM persons`)
		for rows.Next() {
			var fin, last, first string
			rows.Scan(&fin, &last, &first)
			if strings.Contains(raw, `"`+fin+`"`) || strings.Contains(raw, " "+fin) || strings.Contains(raw, last+" "+first) {
				t.Fatalf("the dry run shows %s (%s %s): %s", fin, last, first, raw)
			}
		}
		rows.Close()
		for _, s := range samples {
			s := s.(map[string]any)
			if _, ok := s["fin"]; ok || !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(s["case"].(string)) {
				t.Fatalf("sample %v", s)
			}
			var audited int
			a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log a JOIN persons p ON p.fin = a.entity_id WHERE a.entity = 'person'
				AND a.purpose = 'dry run sample' AND a.actor_login = 'analyst' AND a.detail LIKE $1`, `%"Case":{"text":"`+s["case"].(string)+`"}%`).Scan(&audited)
			if audited != 1 {
				t.Fatalf("sample %s is %d times in the audit log", s["case"], audited)
			}
		}
		// the same run on the page, and the record of it through the API
		_, list := c.api(t, http.MethodGet, "/api/v1/programs/TSSA/dry-runs", "")
		rec := list["items"].([]any)[0].(map[string]any)
		if rec["result"].(map[string]any)["draft"].(map[string]any)["eligible"] != "< 10" {
			t.Fatalf("the record shows a small count: %v", rec)
		}
		page := c.page(t, http.MethodGet, fmt.Sprintf("/programs/TSSA/dry-runs/%d", int(rec["id"].(float64))), nil, http.StatusOK)
		if !strings.Contains(page, "&lt; 10") || strings.Contains(page, `class="mono">`+"0.00") {
			t.Fatalf("the page shows small counts:\n%s", page)
		}
	})
}
