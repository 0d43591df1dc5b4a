package app_test

import (
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// citizenBrowser signs a citizen in to the cabinet by FİN (demo sign-in).
func citizenBrowser(t *testing.T, srv *httptest.Server, fin string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
	resp, err := c.PostForm(srv.URL+"/e-social/login", url.Values{"fin": {fin}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("citizen sign-in: %v %v", resp, err)
	}
	resp.Body.Close()
	return c
}

// inLang reads a page as a reader who switched the interface to lang.
func (c *client) inLang(t *testing.T, path, lang string) string {
	t.Helper()
	c.page(t, "POST", "/lang", url.Values{"lang": {lang}}, http.StatusSeeOther)
	return c.page(t, "GET", path, nil, http.StatusOK)
}

// TestDecisionExplainedInReadersLanguage: an application filed in Azerbaijani and decided by
// the TSSA rule is explained to the officer and to the citizen in the language each reads the
// page in, not in the applicant's language the note was kept in.
func TestDecisionExplainedInReadersLanguage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
		utilityOnRecord(t, a, fin)
		front, officer := staff(t, a, "front"), staff(t, a, "officer")
		filed, err := a.ServiceDesk.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, Lang: "az", Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		a.ServiceDesk.Move(officer, filed.UUID, servicedesk.InReview, "", "")
		decided, err := a.ServiceDesk.Move(officer, filed.UUID, servicedesk.Granted, "", "")
		if err != nil || decided.DecisionUUID == "" {
			t.Fatalf("decided %+v, %v", decided, err)
		}
		d, err := a.Programs.Decision(officer, decided.DecisionUUID)
		if err != nil {
			t.Fatal(err)
		}
		staffPage, citizen := login(t, srv, a, "officer"), citizenBrowser(t, srv, fin)
		for _, lang := range []string{"az", "en", "ru"} {
			want := html.EscapeString(d.Explanation.In(lang))
			for who, page := range map[string]string{
				"officer": staffPage.inLang(t, "/applications/"+filed.UUID, lang),
				"citizen": citizen.inLang(t, "/e-social/applications/"+filed.UUID, lang),
			} {
				if !strings.Contains(page, want) {
					t.Errorf("%s in %s does not read the explanation %q", who, lang, want)
				}
				if lang != "az" && strings.Contains(page, html.EscapeString(decided.Note)) {
					t.Errorf("%s in %s reads the Azerbaijani note %q", who, lang, decided.Note)
				}
			}
		}
	})
}

// TestCabinetNamesRefusalAndEmptyMessages: on /e-social a refused decision is listed under
// Decisions with a "Refused" badge, not as a bare sentence after "No benefits at present", and
// an empty Messages card says there are none yet, in each language.
func TestCabinetNamesRefusalAndEmptyMessages(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id WHERE p.death_date IS NULL
			AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.person_id = p.id) ORDER BY p.id LIMIT 1`).Scan(&fin)
		utilityOnRecord(t, a, fin)
		d, err := a.Programs.Decide(staff(t, a, "officer"), "TSSA", fin, clock.Today(clock.System{}))
		if err != nil || d.Outcome != programs.Refused {
			t.Fatalf("want this well-off family refused: %+v, %v", d, err)
		}
		citizen := citizenBrowser(t, srv, fin)
		for _, lang := range []string{"az", "en", "ru"} {
			page := citizen.inLang(t, "/e-social", lang)
			refusal := `<span class="badge outcome-refused">` + html.EscapeString(i18n.Tr(lang, "portal.decision.refused", nil)) + `</span>`
			if !strings.Contains(page, html.EscapeString(i18n.Tr(lang, "portal.decisions", nil))) || !strings.Contains(page, refusal) {
				t.Errorf("%s: the refusal is not named as one:\n%s", lang, page)
			}
			if !strings.Contains(page, html.EscapeString(i18n.Tr(lang, "portal.no_messages", nil))) {
				t.Errorf("%s: the empty Messages card says nothing", lang)
			}
		}
	})
}
