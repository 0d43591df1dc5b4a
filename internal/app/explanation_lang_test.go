package app_test

import (
	"context"
	"html"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
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
			// the due date and its badge are two words: "13 Nov 2026 decided on time"
			if due := html.EscapeString(filed.DueOn.In(lang)) + ` <span class="badge deadline-`; !strings.Contains(staffPage.inLang(t, "/applications/"+filed.UUID, lang), due) {
				t.Errorf("%s: the due date runs into its badge, want %q", lang, due)
			}
		}
	})
}

// TestCabinetNamesRefusalAndEmptyMessages: on /e-social a refused decision is listed under
// Decisions with a "Refused" badge, not as a bare sentence after "No benefits at present", and
// an empty Messages card says there are none yet, and the address has a comma between the
// place and the street, in each language.
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
		p, err := a.Registry.Person(context.Background(), fin, "test")
		if err != nil || p.RegAddress == "" || p.RegPlaceID == 0 {
			t.Fatalf("want a person with a registered address: %+v, %v", p, err)
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
			// the place and the street are separated: "Pirallahi district, Neftçilər pr. 17"
			if want := html.EscapeString(a.Registry.PlaceLabel(p.RegPlaceID, lang) + ", " + p.RegAddress); !strings.Contains(page, "<dd>"+want+"</dd>") {
				t.Errorf("%s: the address is not written %q", lang, want)
			}
		}
	})
}

// TestCitizenReadsDatesInTheirForm: the SMS texts a citizen is sent carry dates in the form
// of their language ("Cavab 30.11.2026 tarixinədək", not 2026-11-30), and the cabinet's
// access log writes each moment in the reader's form, not "2026-12-01 11:04:20".
func TestCitizenReadsDatesInTheirForm(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
		a.DB.Exec(`UPDATE persons SET phone = '+994501234567' WHERE fin = $1`, fin)
		iso := regexp.MustCompile(`\d{4}-\d\d-\d\d`)
		me := citizenCtx(t, a, fin)
		for _, lang := range []string{"az", "en", "ru"} {
			ap, err := a.Appeals.Receive(me, appeals.New{Channel: "portal", Category: "complaint", Subject: "Queue " + lang, Body: "The queue was too long today.", Institution: "DOST", Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			var body string
			a.DB.QueryRow(`SELECT body FROM notifications WHERE person_id = $1 AND lang = $2 ORDER BY id DESC LIMIT 1`, ap.PersonID, lang).Scan(&body)
			if !strings.Contains(body, ap.DueOn.In(lang)) || iso.MatchString(body) {
				t.Errorf("%s SMS %q does not write the due date as %q", lang, body, ap.DueOn.In(lang))
			}
		}
		filed, err := a.ServiceDesk.File(staff(t, a, "front"), servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, Lang: "ru", Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		var body string
		a.DB.QueryRow(`SELECT body FROM notifications WHERE person_id = $1 AND lang = 'ru' AND body LIKE '%' || $2 || '%' ORDER BY id DESC LIMIT 1`, filed.PersonID, filed.Number).Scan(&body)
		if !strings.Contains(body, filed.DueOn.In("ru")) || iso.MatchString(body) {
			t.Errorf("application SMS %q does not write the due date as %q", body, filed.DueOn.In("ru"))
		}
		a.Registry.Person(staff(t, a, "officer"), fin, "test") // a read the citizen sees in their log
		// the moment as the reader's form writes it, whatever the day: 01.12.2026 11:04, 1 Dec 2026 11:04
		form := map[string]*regexp.Regexp{"az": regexp.MustCompile(`<td>\d\d\.\d\d\.\d{4} \d\d:\d\d</td>`),
			"en": regexp.MustCompile(`<td>\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d</td>`), "ru": regexp.MustCompile(`<td>\d\d\.\d\d\.\d{4} \d\d:\d\d</td>`)}
		citizen := citizenBrowser(t, srv, fin)
		for _, lang := range []string{"az", "en", "ru"} {
			page := citizen.inLang(t, "/e-social/access-log", lang)
			if !form[lang].MatchString(page) || regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d`).MatchString(page) {
				t.Errorf("%s access log does not write its moments in the reader's form:\n%s", lang, page)
			}
		}
	})
}

// TestDecisionFormSelectsAnnounceTheirErrors: a select refused in the decision form carries
// aria-invalid and points at its message, as a text input does, so a screen reader says which
// field is wrong and why.
func TestDecisionFormSelectsAnnounceTheirErrors(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
		filed, err := a.ServiceDesk.File(staff(t, a, "front"), servicedesk.NewApplication{ServiceCode: "01-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, OnPaper: []string{"id_card", "employment_record", "bank_account"}})
		if err != nil {
			t.Fatal(err)
		}
		// an old-age pension is decided by hand, on the officer's choice of outcome and ground
		if _, err := a.ServiceDesk.Move(staff(t, a, "officer"), filed.UUID, servicedesk.InReview, "", ""); err != nil {
			t.Fatal(err)
		}
		c := login(t, srv, a, "officer")
		for field, form := range map[string]url.Values{
			"ground": {"to": {servicedesk.Refused}, "ground": {""}},
			"to":     {"to": {""}},
		} {
			page := c.page(t, "POST", "/applications/"+filed.UUID+"/move", form, http.StatusUnprocessableEntity)
			sel := regexp.MustCompile(`<select id="f-` + field + `"[^>]*>`).FindString(page)
			if !strings.Contains(sel, `aria-invalid="true"`) || !strings.Contains(sel, `aria-describedby="e-`+field+`"`) || !strings.Contains(page, `<p class="error" id="e-`+field+`">`) {
				t.Errorf("the %s select with an error does not announce it:\n%s", field, page)
			}
		}
	})
}
