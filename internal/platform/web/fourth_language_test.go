package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// TestAFourthLanguageIsData loads a Turkish catalogue, as a domain's package does at init,
// and shows that the language list, the request's language, the language switcher and the
// translations take it up with no change to the code (issue #11 §3).
func TestAFourthLanguageIsData(t *testing.T) {
	if slices.Contains(i18n.Languages, "tr") {
		t.Fatal("tr is already registered; the test would prove nothing")
	}
	i18n.Register(os.DirFS("testdata/fourth"))

	if got := strings.Join(i18n.Languages, ","); got != "az,en,ru,tr" {
		t.Errorf("Languages = %s, want az,en,ru,tr (Azerbaijani first, then by code)", got)
	}
	if i18n.Supported("tr") != "tr" || i18n.Or("tr") != "tr" {
		t.Errorf("Supported(tr) = %q, Or(tr) = %q", i18n.Supported("tr"), i18n.Or("tr"))
	}
	r := httptest.NewRequest("GET", "/api/v1/places", nil)
	r.Header.Set("Accept-Language", "tr-TR,tr;q=0.9,en;q=0.5")
	if got := i18n.FromRequest(r); got != "tr" {
		t.Errorf("FromRequest of an API call with Accept-Language tr-TR = %q", got)
	}
	anon := httptest.NewRequest("GET", "/verify", nil)
	anon.Header.Set("Accept-Language", "tr-TR")
	if got := i18n.FromRequest(anon); got != "az" {
		t.Errorf("an anonymous page follows the browser's language (%q), not the visitor's choice", got)
	}
	anon.AddCookie(&http.Cookie{Name: "lang", Value: "tr"})
	if got := i18n.FromRequest(anon); got != "tr" {
		t.Errorf("the chosen language: %q", got)
	}
	if got := i18n.Tr("tr", "error.title", nil); got != "Hata" {
		t.Errorf("Tr(tr, error.title) = %q", got)
	}
	if got := i18n.Tr("tr", "error.not_found", nil); got != i18n.Tr("az", "error.not_found", nil) {
		t.Errorf("a key tr lacks shows %q, want the Azerbaijani text", got)
	}

	var b strings.Builder
	if err := layout.Page("Başlık", "").Render(i18n.WithLang(context.Background(), "tr"), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{`<html lang="tr">`, "Ana içeriğe geç", `value="tr" aria-pressed="true">tr</button>`,
		`value="az">az</button>`, `value="ru">ru</button>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page in tr lacks %s:\n%s", want, page)
		}
	}
	if enum := Lang("").Schema(nil).Enum; len(enum) != 4 || enum[3] != "tr" {
		t.Errorf("an API's lang accepts %v, want the four languages", enum)
	}
	var fields strings.Builder
	if err := layout.TextFields("name", i18n.T(context.Background(), "text.name"), i18n.Text{"tr": "Fon"}, nil).Render(context.Background(), &fields); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fields.String(), `name="name_tr"`) {
		t.Errorf("a name in every language has no Turkish field:\n%s", fields.String())
	}
}
