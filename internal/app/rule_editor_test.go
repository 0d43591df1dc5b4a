package app_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/eligibility"
)

// ruleFormValues is the rule editor's form as an analyst sends it: two conditions (the second's
// expression is second), a blank spare row, one value shown as money, a review condition
// (income on record) and the sentence of a referral.
func ruleFormValues(second string) url.Values {
	return url.Values{
		"effective_from": {"2027-01-01"}, "effective_to": {""}, "amount": {"params.need_criterion * household.size - household.avg_monthly_income"},
		"granted_az": {"{amount} təyin edilib"}, "granted_en": {"{amount} granted"}, "granted_ru": {"назначено {amount}"},
		"cond_name":      {"income", "size", ""},
		"cond_expr":      {"household.avg_monthly_income < params.need_criterion * household.size", second, ""},
		"cond_held_az":   {"gəlir azdır", "ailə var", ""},
		"cond_held_en":   {"income is low", "a household", ""},
		"cond_held_ru":   {"доход низкий", "семья есть", ""},
		"cond_failed_az": {"gəlir çoxdur", "ailə yoxdur", ""},
		"cond_failed_en": {"income is high", "no household", ""},
		"cond_failed_ru": {"доход высокий", "семьи нет", ""},
		"value_name":     {"need", ""}, "value_expr": {"params.need_criterion", ""}, "value_kind": {"money", "number"},
		"review_name":      {"income_known", ""},
		"review_expr":      {"household.income_known", ""},
		"review_held_az":   {"gəlir məlumdur", ""},
		"review_held_en":   {"income is on record", ""},
		"review_held_ru":   {"доход учтён", ""},
		"review_failed_az": {"gəlir məlum deyil", ""},
		"review_failed_en": {"income is not on record", ""},
		"review_failed_ru": {"доход не учтён", ""},
		"referred_az":      {"buna görə əməkdaş baxır"}, "referred_en": {"so an officer reviews it"}, "referred_ru": {"поэтому рассматривает сотрудник"},
	}
}

// TestRuleEditorSavesThroughTheForm: a rule sent from the editor's form with one condition
// and one review condition that do not compile and a referral sentence missing in Russian is
// refused with each error at its field, in the analyst's language with its position, every
// field as typed and nothing saved; the same form fixed is saved as the next draft, the blank
// rows left out, the review condition and the referral sentence with it; the difference from
// the version before shows the review conditions and the referral sentence that changed.
func TestRuleEditorSavesThroughTheForm(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		sent := ruleFormValues("household.size >")
		// the version the form starts from, whose fields the form does not show are kept
		base := regexp.MustCompile(`name="base" value="([^"]*)"`).FindStringSubmatch(c.page(t, http.MethodGet, "/programs/TSSA", nil, http.StatusOK))
		if base == nil || !strings.Contains(html.UnescapeString(base[1]), `"income_below_need"`) {
			t.Fatalf("no base version in the form: %v", base)
		}
		sent.Set("base", html.UnescapeString(base[1]))
		sent["review_expr"] = []string{"household.income_know", ""}
		sent.Set("referred_ru", "")
		body := c.page(t, http.MethodPost, "/programs/TSSA/rules", sent, http.StatusUnprocessableEntity)
		if !regexp.MustCompile(`<p class="error" id="e-review-0-expr" data-error="review.0.expr">Sətir 1, sütun \d+: `).MatchString(body) ||
			!strings.Contains(body, `<p class="error" id="e-referred-ru" data-error="referred.ru">Rus dilində cümlə yoxdur`) {
			t.Fatalf("no error at the review condition's expression or the missing referral sentence:\n%s", body)
		}
		if !regexp.MustCompile(`<p class="error" id="e-cond-1-expr" data-error="cond.1.expr">Sətir 1, sütun \d+: `).MatchString(body) {
			t.Fatalf("no error at the second condition's expression:\n%s", body)
		}
		if !strings.Contains(body, `id="e-cond-0-expr" data-error="cond.0.expr" hidden>`) {
			t.Fatalf("the first condition is marked too:\n%s", body)
		}
		for name, values := range sent {
			for _, v := range values {
				if name == "base" {
					continue
				}
				if v != "" && !strings.Contains(body, `name="`+name+`" type="text" value="`+html.EscapeString(v)+`"`) && name != "value_kind" && !strings.Contains(body, `name="`+name+`" type="date" value="`+v+`"`) {
					t.Errorf("%s %q not kept", name, v)
				}
			}
		}
		if !strings.Contains(body, `<option value="money" selected>`) {
			t.Error("the value's kind not kept")
		}
		var drafts int
		a.DB.QueryRow(`SELECT COUNT(*) FROM rules WHERE status = 'draft'`).Scan(&drafts)
		if drafts != 0 {
			t.Fatalf("%d drafts saved", drafts)
		}

		sent["cond_expr"] = []string{"household.avg_monthly_income < params.need_criterion * household.size", "household.size > 0", ""}
		sent["review_expr"] = []string{"household.income_known", ""}
		sent.Set("referred_ru", "поэтому рассматривает сотрудник")
		if loc := c.page(t, http.MethodPost, "/programs/TSSA/rules", sent, http.StatusSeeOther); loc != "/programs/TSSA?saved=1" {
			t.Fatalf("saved to %q", loc)
		}
		var def string
		a.DB.QueryRow(`SELECT definition FROM rules WHERE status = 'draft'`).Scan(&def)
		var rule eligibility.Rule
		if err := json.Unmarshal([]byte(def), &rule); err != nil {
			t.Fatal(err)
		}
		if len(rule.Conditions) != 2 || rule.Conditions[0].Name != "income" || rule.Conditions[1].Expr != "household.size > 0" || rule.Conditions[0].Failed.RU != "доход высокий" ||
			len(rule.Values) != 1 || !rule.Values[0].Money || rule.Granted.EN != "{amount} granted" || rule.EffectiveFrom.String() != "2027-01-01" ||
			len(rule.Review) != 1 || rule.Review[0].Name != "income_known" || rule.Review[0].Failed.AZ != "gəlir məlum deyil" || rule.Referred.RU != "поэтому рассматривает сотрудник" {
			t.Fatalf("saved %+v", rule)
		}

		// the two versions side by side: the conditions only v2 has are marked, and so are the
		// review condition whose sentences changed, the one only v1 has and the referral
		// sentence; the amount and the value both have alike are not
		diff := c.page(t, http.MethodGet, "/programs/TSSA/rules/diff?a=1&b=2", nil, http.StatusOK)
		if !regexp.MustCompile(`<tr class="changed"><th scope="row">Şərt: income\s*<span class="badge">dəyişib</span>`).MatchString(diff) ||
			!regexp.MustCompile(`<tr class="changed"><th scope="row">Baxış şərti: income_known\s*<span class="badge">dəyişib</span>`).MatchString(diff) ||
			!regexp.MustCompile(`<tr class="changed"><th scope="row">Baxış şərti: utility_cost_known\s*<span class="badge">dəyişib</span>`).MatchString(diff) ||
			!regexp.MustCompile(`<tr class="changed"><th scope="row">Əməkdaşa göndərmə cümləsi\s*<span class="badge">dəyişib</span>`).MatchString(diff) ||
			!strings.Contains(diff, "gəlir məlum deyil") ||
			!regexp.MustCompile(`<tr class=""><th scope="row">Dəyər: need\s*</th>`).MatchString(diff) ||
			!regexp.MustCompile(`<tr class=""><th scope="row">Məbləğ\s*</th>`).MatchString(diff) {
			t.Fatalf("diff:\n%s", diff)
		}
		c.page(t, http.MethodGet, "/programs/TSSA/rules/diff?a=1&b=9", nil, http.StatusNotFound)
	})
}

// TestRuleEditorChecksAsOneTypes: the check answers the problems of the form as it stands,
// keyed by the field on the page (a blank row in the middle keeps the rows' numbers), in the
// analyst's language, and saves nothing; a good rule has none; an unknown programme is 404.
func TestRuleEditorChecksAsOneTypes(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		check := func(path string, form url.Values, want int) map[string]any {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", "en")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var answer map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || resp.StatusCode != want {
				t.Fatalf("%d %v %v", resp.StatusCode, answer, err)
			}
			return answer
		}
		form := ruleFormValues("household.size >")
		// the blank row first: the bad condition is the page's third row
		for _, f := range []string{"cond_name", "cond_expr", "cond_held_az", "cond_held_en", "cond_held_ru", "cond_failed_az", "cond_failed_en", "cond_failed_ru"} {
			form[f] = []string{"", form[f][0], form[f][1]}
		}
		form.Set("amount", "params.need_criterion +")
		form.Set("effective_from", "1 January")
		errs := check("/programs/TSSA/rules/check", form, http.StatusOK)["errors"].(map[string]any)
		if len(errs) != 3 || !regexp.MustCompile(`^Sətir 1, sütun \d+: |^Line 1, column \d+: `).MatchString(errs["cond.2.expr"].(string)) ||
			errs["amount"] == nil || errs["effective_from"] == nil {
			t.Fatalf("errors %v", errs)
		}
		form = ruleFormValues("household.size > 0")
		if answer := check("/programs/TSSA/rules/check", form, http.StatusOK); len(answer["errors"].(map[string]any)) != 0 || len(answer["general"].([]any)) != 0 {
			t.Fatalf("a good rule: %v", answer)
		}
		check("/programs/NOPE/rules/check", form, http.StatusNotFound)
		var drafts int
		a.DB.QueryRow(`SELECT COUNT(*) FROM rules WHERE status = 'draft'`).Scan(&drafts)
		if drafts != 0 {
			t.Fatalf("the check saved %d drafts", drafts)
		}
	})
}

// TestRuleReferringWithoutItsSentencesIsRefused: a rule whose review condition has no
// sentence in English, saved as JSON through the advanced view, is refused with the place
// of the empty sentence in the document, in the analyst's language; one without any
// referral sentence is refused through the API for each language.
func TestRuleReferringWithoutItsSentencesIsRefused(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		r := demo.Programs()[0].Rule
		r.Review[1].Failed.EN = ""
		doc, _ := json.MarshalIndent(r, "", "  ")
		body := c.page(t, http.MethodPost, "/programs/TSSA/rules", url.Values{"rule": {string(doc)}}, http.StatusUnprocessableEntity)
		at := strings.Index(string(doc), `"en": ""`) + len(`"en": "`) // inside the empty sentence
		line, col := strings.Count(string(doc[:at]), "\n")+1, at-strings.LastIndex(string(doc[:at]), "\n")
		if want := fmt.Sprintf("Sətir %d, sütun %d: ingilis dilində cümlə yoxdur", line, col); !strings.Contains(body, want) {
			t.Fatalf("no %q:\n%s", want, body)
		}
		r = demo.Programs()[0].Rule
		r.Referred = eligibility.Text{}
		doc, _ = json.Marshal(r)
		resp, problem := c.api(t, http.MethodPost, "/api/v1/programs/TSSA/rules", string(doc))
		if out := toJSON(problem); resp.StatusCode != http.StatusUnprocessableEntity || strings.Count(out, "referred.") != 3 {
			t.Fatalf("%d %s", resp.StatusCode, out)
		}
		var drafts int
		a.DB.QueryRow(`SELECT COUNT(*) FROM rules WHERE status = 'draft'`).Scan(&drafts)
		if drafts != 0 {
			t.Fatalf("%d drafts saved", drafts)
		}
	})
}
