package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestServiceNamesAsText: a service's name is one i18n.Text (migration 00021) on both
// engines. The passport form has a field per language and refuses a name missing one
// language with an error at that field, keeping what was typed; a saved name is one JSON
// value, shown in the reader's language by the queue's kiosk (with the centre's name), and
// sent by the API as an object by language.
func TestServiceNamesAsText(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		admin := login(t, srv, a, "admin")
		form := admin.page(t, "GET", "/admin/services/new", nil, 200)
		for _, lang := range i18n.Languages {
			if !strings.Contains(form, `name="name_`+lang+`"`) {
				t.Fatalf("the passport form has no name field for %s", lang)
			}
		}
		add := url.Values{"code": {"09-09-09-00"}, "direction": {"references"}, "name_az": {"Sınaq xidməti"}, "name_en": {"Test service"},
			"institution": {"DOST"}, "legal_basis": {"Test"}, "channels": {"centre"}, "front_office_minutes": {"5"},
			"back_office_minutes": {"0"}, "deadline_working_days": {"0"}, "fee": {"0"}, "active": {"on"}}
		page := admin.page(t, "POST", "/admin/services/new", add, http.StatusUnprocessableEntity)
		if !strings.Contains(page, `id="e-name_ru"`) || strings.Contains(page, `id="e-name_az"`) || strings.Contains(page, `id="e-name_en"`) {
			t.Fatalf("a name without Russian was not refused at name_ru alone:\n%s", page)
		}
		if !strings.Contains(page, `value="Sınaq xidməti"`) || !strings.Contains(page, `value="Test service"`) {
			t.Fatal("the form lost the names typed")
		}
		add.Set("name_ru", "Тестовая услуга")
		admin.page(t, "POST", "/admin/services/new", add, http.StatusSeeOther)

		var en string
		if err := a.DB.QueryRow(`SELECT name->>'en' FROM services WHERE code = '09-09-09-00'`).Scan(&en); err != nil || en != "Test service" {
			t.Fatalf("stored name in English %q, %v", en, err)
		}
		for lang, want := range map[string]string{"az": "Sınaq xidməti", "en": "Test service", "ru": "Тестовая услуга"} {
			centre := map[string]string{"az": "1 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 1", "ru": "Бакинский центр DOST № 1"}[lang]
			req, _ := http.NewRequest("GET", srv.URL+"/kiosk/DOST-1", nil)
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang}) // a passer-by, in the language chosen at the kiosk
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			kiosk, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(kiosk), want) || !strings.Contains(string(kiosk), centre) {
				t.Fatalf("the kiosk in %s does not show %q at %q", lang, want, centre)
			}
		}
		var p struct{ Name map[string]string }
		body := admin.page(t, "GET", "/api/v1/services/09-09-09-00", nil, 200)
		if err := json.Unmarshal([]byte(body), &p); err != nil || p.Name["ru"] != "Тестовая услуга" || len(p.Name) != len(i18n.Languages) {
			t.Fatalf("the API's name %v (%v)", p.Name, err)
		}
		if got, err := a.ServiceDesk.Passport(context.Background(), "09-09-09-00"); err != nil || got.Name.In("de") != "Sınaq xidməti" {
			t.Fatalf("a language without a name falls back to %q (%v)", got.Name.In("de"), err)
		}
	})
}
