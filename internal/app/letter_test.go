package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/pdf/pdftest"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// fetchPDF gets path as c and answers the PDF's text, failing unless it is a PDF.
func fetchPDF(t *testing.T, c *client, path string) string {
	t.Helper()
	resp, err := c.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET %s: %d %s\n%.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return pdftest.Text(t, b)
}

// status answers the status of GET path as c.
func status(t *testing.T, c *client, path string) int {
	t.Helper()
	resp, err := c.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// decided files an application for service in lang for the person with fin, at a centre
// with every document the passport asks for, and has the officer decide it: by the
// programme's rule when the service has one, else refused on ground.
func decided(t *testing.T, a *app.App, fin, service, lang, ground string) servicedesk.Application {
	t.Helper()
	sd := a.ServiceDesk
	utilityOnRecord(t, a, fin)
	p, err := sd.Passport(context.Background(), service)
	if err != nil {
		t.Fatal(err)
	}
	var docs []servicedesk.Document
	for _, d := range p.Documents {
		docs = append(docs, servicedesk.Document{Type: d, FileName: d + ".pdf", ContentType: "application/pdf", Content: pdfBytes})
	}
	appl, err := sd.File(staff(t, a, "front"), servicedesk.NewApplication{ServiceCode: service, FIN: fin, Channel: servicedesk.ChannelCentre, Lang: lang, Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	officer := staff(t, a, "officer")
	if _, err := sd.Move(officer, appl.UUID, servicedesk.InReview, "", ""); err != nil {
		t.Fatal(err)
	}
	to := servicedesk.Granted
	if ground != "" {
		to = servicedesk.Refused
	}
	out, err := sd.Move(officer, appl.UUID, to, ground, "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDecisionLetter: the decision on an application is an official letter, a PDF in the
// citizen's language naming the institution, the citizen and the application, the decision,
// its legal basis (the passport's law and the rule version), the explanation and the date by
// which to appeal, 30 working days after the decision on the holiday calendar. The officer
// downloads it from the application (or the API), the citizen from e-social; another
// citizen is refused; an undecided application has none; every letter handed out is in the
// audit log, and only those.
func TestDecisionLetter(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fins []string
		rows, err := a.DB.Query(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id AND m.relationship = 'head'
			WHERE p.death_date IS NULL AND NOT EXISTS (SELECT 1 FROM applications x WHERE x.person_id = p.id) ORDER BY p.id LIMIT 4`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var fin string
			rows.Scan(&fin)
			fins = append(fins, fin)
		}
		rows.Close()
		if len(fins) < 4 {
			t.Fatalf("only %d persons without applications", len(fins))
		}
		officer := login(t, srv, a, "officer")
		cases := []struct {
			lang, service, ground string
			want                  []string
		}{
			{"az", "02-01-01-00", "", []string{"Dövlət Sosial Müdafiə Fondu", "nömrəli müraciət üzrə qərar", "Qərardan necə şikayət etmək olar",
				"“Ünvanlı dövlət sosial yardımı haqqında” Qanun, 2005", "TSSA v", "iş günü ərzində"}},
			{"en", "02-01-01-00", "", []string{"State Social Protection Fund", "Decision on application No.", "How to appeal",
				"Legal basis", "Rule applied (version)", "TSSA v", "working days of the decision date"}},
			{"ru", "03-01-02-00", "not_eligible", []string{"Государственный фонд социальной защиты", "Решение по заявлению №", "Как обжаловать решение",
				"отказано", "Лицо не соответствует условиям", "“Sosial müavinətlər haqqında” Qanun, 2006", "рабочих дней с даты решения"}},
		}
		for i, c := range cases {
			appl := decided(t, a, fins[i], c.service, c.lang, c.ground)
			text := fetchPDF(t, officer, "/applications/"+appl.UUID+"/letter")
			until := servicedesk.LetterDate(c.lang, a.Calendar.Get().Add(appl.DecidedOn, servicedesk.AppealDays))
			want := append(c.want, appl.Number, appl.PersonFIN, until, strings.Join(strings.Fields(appl.Note), " "))
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s letter lacks %q:\n%s", c.lang, w, text)
				}
			}
			if c.ground != "" && strings.Contains(text, "TSSA") {
				t.Errorf("a letter of an officer's decision names a rule:\n%s", text)
			}
			own := citizen(t, srv, fins[i])
			if mine := fetchPDF(t, own, "/e-social/applications/"+appl.UUID+"/letter"); mine != text {
				t.Errorf("the citizen's letter differs from the officer's:\n%s\n%s", mine, text)
			}
			var logged int
			a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'decision letter' AND entity = 'application' AND entity_id = $1`, appl.UUID).Scan(&logged)
			if logged != 2 {
				t.Errorf("%d audit entries for two downloads of letter %s", logged, appl.Number)
			}
			if i == 0 {
				req, _ := http.NewRequest("GET", srv.URL+"/api/v1/applications/"+appl.UUID+"/letter", nil)
				req.Header.Set("Authorization", "Bearer "+officer.token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || pdftest.Text(t, b) != text {
					t.Errorf("the API's letter: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				other := citizen(t, srv, fins[3])
				if s := status(t, other, "/e-social/applications/"+appl.UUID+"/letter"); s != http.StatusNotFound {
					t.Errorf("another citizen's letter answered %d, want 404", s)
				}
				a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'decision letter' AND entity_id = $1`, appl.UUID).Scan(&logged)
				if logged != 3 {
					t.Errorf("%d audit entries after the API's download and a refused one, want 3", logged)
				}
			}
		}
		open, err := a.ServiceDesk.File(staff(t, a, "front"), servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fins[3],
			Channel: servicedesk.ChannelCentre, Lang: "az", Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		if s := status(t, officer, "/applications/"+open.UUID+"/letter"); s != http.StatusConflict {
			t.Errorf("the letter of an undecided application answered %d, want 409", s)
		}
	})
}
