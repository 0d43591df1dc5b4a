package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// TestNamesInEveryLanguageOnFormsAndAPI: the forms that name a programme or a calendar day
// refuse a name missing a language with an error on that language's field, keep what was
// typed, and accept it whole; the API gives a name as one object {"az", "en", "ru"}.
func TestNamesInEveryLanguageOnFormsAndAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		analyst := login(t, srv, a, "analyst")
		form := url.Values{"code": {"CHILD"}, "name_az": {"Uşaq pulu"}, "name_en": {""}, "name_ru": {"Детское пособие"},
			"kind": {"monthly"}, "unit": {"person"}, "institution": {"SSPF"}, "award_months": {"12"}}
		page := analyst.page(t, "POST", "/programs", form, http.StatusUnprocessableEntity)
		for _, want := range []string{`id="e-name_en"`, `value="Uşaq pulu"`, `value="Детское пособие"`, `name="name_ru"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the programme form refused without %s", want)
			}
		}
		if strings.Contains(page, `id="e-name_az"`) || strings.Contains(page, `id="e-name_ru"`) {
			t.Error("the languages given are marked as missing")
		}
		form.Set("name_en", "Child benefit")
		analyst.page(t, "POST", "/programs", form, http.StatusSeeOther)
		if page := analyst.page(t, "GET", "/programs/CHILD", nil, http.StatusOK); !strings.Contains(page, "Uşaq pulu") {
			t.Error("the programme's page does not show its Azerbaijani name")
		}

		admin := login(t, srv, a, "admin")
		day := url.Values{"date": {"2026-12-30"}, "kind": {"holiday"}, "name_az": {"Sınaq"}, "name_en": {"Test"}}
		page = admin.page(t, "POST", "/admin/calendar", day, http.StatusUnprocessableEntity)
		if !strings.Contains(page, `id="e-name_ru"`) || !strings.Contains(page, `value="Sınaq"`) || !strings.Contains(page, `value="Test"`) {
			t.Error("the calendar form refused a day without its Russian name without saying so or keeping what was typed")
		}

		// The single window reads the DOST centres' names (service_points) in each language.
		centres, err := a.ServiceDesk.Centres(context.Background())
		if err != nil || len(centres) == 0 || centres[0].Name.In("ru") == "" || centres[0].Name.In("ru") == centres[0].Name.In("az") {
			t.Errorf("centres: %+v %v", centres, err)
		}
		for _, lang := range i18n.Languages {
			ctx := i18n.WithLang(context.Background(), lang)
			today := clock.Today(clock.System{})
			if _, err := a.ServiceDesk.Satisfaction(ctx, servicedesk.StatsFilter{From: today.AddDays(-30), To: today}, servicedesk.ByCentre); err != nil {
				t.Errorf("satisfaction by centre in %s: %v", lang, err)
			}
		}

		_, body := analyst.api(t, "GET", "/api/v1/programs", "")
		var found bool
		for _, item := range body["items"].([]any) {
			p := item.(map[string]any)
			if p["code"] == "CHILD" {
				name, _ := p["name"].(map[string]any)
				found = name["az"] == "Uşaq pulu" && name["en"] == "Child benefit" && name["ru"] == "Детское пособие" && p["name_az"] == nil
			}
		}
		if !found {
			t.Errorf("the programme's name in the API: %v", body["items"])
		}
		_, body = analyst.api(t, "GET", "/api/v1/places?parent=5", "")
		place := body["items"].([]any)[0].(map[string]any)
		if name, _ := place["name"].(map[string]any); len(name) != 3 || name["az"] == "" || name["en"] == "" || name["ru"] == "" {
			t.Errorf("a place's name in the API: %v", place)
		}
	})
}
