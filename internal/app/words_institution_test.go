package app_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
)

// TestPagesShowInstitutionsShortName: where a page names an institution by its code — the
// programmes, a service's passport, the appeals' statistics — a person reads its short name
// in their language (DSMF in Azerbaijani, ГФСЗ in Russian, SSPF in English), never the code
// in a language whose abbreviation differs.
func TestPagesShowInstitutionsShortName(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if _, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SSPF")); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		visitor := &client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
		analyst, officer := login(t, srv, a, "analyst"), login(t, srv, a, "officer")
		for _, want := range []struct{ lang, short string }{{"az", "DSMF"}, {"ru", "ГФСЗ"}, {"en", "SSPF"}} {
			for _, c := range []*client{analyst, officer, visitor} {
				c.page(t, http.MethodPost, "/lang", map[string][]string{"lang": {want.lang}}, http.StatusSeeOther)
			}
			pages := map[string]string{
				"/programs":             analyst.page(t, http.MethodGet, "/programs", nil, http.StatusOK),
				"/services/02-01-01-00": visitor.page(t, http.MethodGet, "/services/02-01-01-00", nil, http.StatusOK),
				"/appeals/stats":        officer.page(t, http.MethodGet, "/appeals/stats", nil, http.StatusOK),
			}
			for path, page := range pages {
				if !strings.Contains(page, ">"+want.short+"<") {
					t.Errorf("%s %s: no %q", want.lang, path, want.short)
				}
				if want.lang != "en" && strings.Contains(page, ">SSPF<") {
					t.Errorf("%s %s: the code SSPF is shown", want.lang, path)
				}
			}
		}
	})
}
