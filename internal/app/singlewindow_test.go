package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// staff returns a context acting as a demo account.
func staff(t *testing.T, a *app.App, login string) context.Context {
	t.Helper()
	ctx, _, err := a.Identity.ActAs(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func citizenCtx(t *testing.T, a *app.App, fin string) context.Context {
	t.Helper()
	p, err := a.Registry.Person(context.Background(), fin, "test")
	if err != nil {
		t.Fatal(err)
	}
	return authz.With(context.Background(), &authz.Principal{PersonID: p.ID, PersonFIN: p.FIN, Login: "citizen:" + p.FIN, Grants: []authz.Grant{{Role: authz.Citizen}}})
}

// pdfBytes is the smallest file http.DetectContentType calls a PDF.
var pdfBytes = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// tssaDocuments are the scans the TSSA service's passport (02-01-01-00) requires.
func tssaDocuments() []servicedesk.Document {
	var docs []servicedesk.Document
	for _, t := range []string{"id_card", "income_statement", "residence_certificate"} {
		docs = append(docs, servicedesk.Document{Type: t, FileName: t + ".pdf", ContentType: "application/pdf", Content: pdfBytes})
	}
	return docs
}

// TestSingleWindowFlow walks the single window through its services on both engines: the
// catalogue, a queue visit timed against the standard, an application decided by the TSSA
// rule with its explanation, delivered and rated, an e-certificate verified and a tampered
// copy refused, the notifications written, and an appeal forwarded, extended and answered.
func TestSingleWindowFlow(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		sd := a.ServiceDesk
		cat, err := sd.Catalogue(ctx, false)
		if err != nil || len(cat) < 30 {
			t.Fatalf("catalogue has %d services (%v), want at least 30", len(cat), err)
		}
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
		a.DB.Exec(`UPDATE persons SET phone = '+994501234567' WHERE fin = $1`, fin)
		utilityOnRecord(t, a, fin)

		tk, err := a.Queue.Issue(ctx, "DOST-1", "02-01-01-00")
		if err != nil || tk.Number != "T-001" {
			t.Fatalf("ticket %+v, %v", tk, err)
		}
		front := staff(t, a, "front")
		called, err := a.Queue.CallNext(front, "DOST-1", "3")
		if err != nil || called.UUID != tk.UUID || called.Status != queue.Called {
			t.Fatalf("call next: %+v %v", called, err)
		}
		if _, err := a.Queue.MoveTicket(front, tk.UUID, queue.Done); err == nil {
			t.Fatal("a called ticket was closed without being served")
		}
		a.Queue.MoveTicket(front, tk.UUID, queue.Serving)
		if _, err := a.Queue.MoveTicket(front, tk.UUID, queue.Done); err != nil {
			t.Fatal(err)
		}
		rows, err := a.Queue.QueueStats(front, servicedesk.StatsFilter{From: clock.Today(clock.System{}), To: clock.Today(clock.System{})})
		if err != nil || len(rows) != 1 || rows[0].Visits != 1 || rows[0].OperatorLogin != "front" || rows[0].WithinStandard != 1 {
			t.Fatalf("queue stats %+v %v", rows, err)
		}

		if _, err := sd.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre,
			Documents: []servicedesk.Document{{Type: "diploma", FileName: "x.pdf", Content: pdfBytes}}}); err == nil {
			t.Fatal("a document the service does not ask for was accepted")
		}
		if _, err := sd.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, TicketUUID: "no-such-ticket"}); err == nil {
			t.Fatal("an application naming an unknown ticket was filed")
		}
		app1, err := sd.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, TicketUUID: tk.UUID, Lang: "en",
			Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		if app1.Status != servicedesk.Registered || app1.DueOn.IsZero() || app1.Number == "" {
			t.Fatalf("filed application %+v", app1)
		}
		officer := staff(t, a, "officer")
		if _, err := sd.Move(staff(t, a, "employment"), app1.UUID, servicedesk.InReview, "", ""); err == nil {
			t.Fatal("another institution's officer took the application")
		}
		if _, err := sd.Move(officer, app1.UUID, servicedesk.InReview, "", ""); err != nil {
			t.Fatal(err)
		}
		decided, err := sd.Move(officer, app1.UUID, servicedesk.Granted, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if decided.DecisionUUID == "" || decided.Note == "" || decided.Outcome == "" {
			t.Fatalf("benefit application decided without the rule: %+v", decided)
		}
		delivered, err := sd.Move(officer, app1.UUID, servicedesk.Delivered, "", "")
		if err != nil || delivered.Status != servicedesk.Delivered {
			t.Fatalf("deliver: %v", err)
		}
		var token string
		a.DB.QueryRow(`SELECT token FROM ratings WHERE application_id = $1`, delivered.ID).Scan(&token)
		if err := sd.Rate(ctx, token, 5, "Quick and polite", "portal"); err != nil {
			t.Fatal(err)
		}
		if err := sd.Rate(ctx, token, 1, "again", "portal"); err == nil {
			t.Fatal("a rating link was used twice")
		}
		sat, err := sd.Satisfaction(ctx, servicedesk.StatsFilter{From: clock.Today(clock.System{}).AddDays(-1), To: clock.Today(clock.System{})}, servicedesk.ByService)
		if err != nil || len(sat) != 1 || sat[0].Satisfied != 100 {
			t.Fatalf("satisfaction %+v %v", sat, err)
		}

		me := citizenCtx(t, a, fin)
		mine, err := sd.Applications(me, servicedesk.ApplicationFilter{PersonID: authz.From(me).PersonID})
		if err != nil || len(mine) != 1 {
			t.Fatalf("citizen's applications %d %v", len(mine), err)
		}
		cert, err := sd.IssueDecision(me, app1.UUID, "ru")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := sd.Verify(ctx, cert.Code, cert.PDF)
		if !v.Found || !v.FileMatches {
			t.Fatalf("the issued certificate does not verify: %+v", v)
		}
		tampered := append([]byte(nil), cert.PDF...)
		tampered[len(tampered)/2] ^= 1
		if v, _ := sd.Verify(ctx, cert.Code, tampered); v.FileMatches {
			t.Fatal("a tampered certificate verified")
		}
		if v, _ := sd.Verify(ctx, "AAAA-BBBB-CCCC", nil); v.Found {
			t.Fatal("an unknown code verified")
		}
		var checks int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'certificate verification'`).Scan(&checks)
		if checks != 2 {
			t.Fatalf("%d verifications audited, want the 2 that found the certificate", checks)
		}
		// issued in Russian, it is named in the language of whoever reads the page: an
		// anonymous visitor gets Azerbaijani, the verification page in English says it in English
		visitor := &client{Client: &http.Client{}, base: srv.URL}
		if page := visitor.page(t, "GET", "/verify?code="+cert.Code, nil, 200); !strings.Contains(page, i18n.Tr("az", "certificate.decision_title", nil)) {
			t.Fatalf("an anonymous verifier does not read the title in Azerbaijani:\n%s", page)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/verify?code="+cert.Code, nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
		if page := visitor.send(t, req, 200); !strings.Contains(page, "<h2>"+i18n.Tr("en", "certificate.decision_title", nil)+"</h2>") {
			t.Fatalf("the verification page in English:\n%s", page)
		}
		// without its documents an application is refused, each missing one at its field
		_, err = sd.File(front, servicedesk.NewApplication{ServiceCode: "05-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre})
		var missing fail.Fields
		if !errors.As(err, &missing) || len(missing) != 2 || missing[0].Name != "doc_id_card" || missing[1].Name != "doc_diploma" {
			t.Fatalf("an application without its required documents: %v", err)
		}
		// the operator at the centre may record that they saw them on paper
		late, err := sd.File(front, servicedesk.NewApplication{ServiceCode: "05-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, OnPaper: []string{"id_card", "diploma"}})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := sd.Application(front, late.UUID); len(got.Documents) != 2 || !got.Documents[0].OnPaper {
			t.Fatalf("documents seen on paper are not recorded: %+v", got.Documents)
		}
		// a second open application by the same person for the same service is refused
		_, err = sd.File(front, servicedesk.NewApplication{ServiceCode: "05-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, OnPaper: []string{"id_card", "diploma"}})
		if !errors.Is(err, fail.ErrDuplicate) || !strings.Contains(web.ToProblem(i18n.WithLang(ctx, "en"), err, "").Detail, late.Number) {
			t.Fatalf("a second open application for the same service: %v", err)
		}
		if n, err := a.ServiceStore.Escalate(ctx, late.DueOn, time.Now()); err != nil || n != 0 {
			t.Fatalf("escalated %d applications on their due date (%v)", n, err)
		}
		if n, err := a.ServiceStore.Escalate(ctx, late.DueOn.AddDays(1), time.Now()); err != nil || n != 1 {
			t.Fatalf("escalated %d applications the day after the deadline, want 1 (%v)", n, err)
		}
		if n, _ := a.ServiceStore.Escalate(ctx, late.DueOn.AddDays(2), time.Now()); n != 0 {
			t.Fatal("an application was escalated twice")
		}
		esc, err := sd.Applications(staff(t, a, "manager"), servicedesk.ApplicationFilter{Escalated: true})
		if err != nil || len(esc) != 1 || esc[0].UUID != late.UUID {
			t.Fatalf("the manager's escalated list: %d %v", len(esc), err)
		}
		var messages int
		a.DB.QueryRow(`SELECT COUNT(*) FROM notifications WHERE address = '+994501234567'`).Scan(&messages)
		if messages < 4 {
			t.Fatalf("%d notifications written, want one per status change and the rating request", messages)
		}
		if _, err := a.Outbox.DispatchDue(ctx); err != nil {
			t.Fatal(err)
		}

		ap := a.Appeals
		anon, err := ap.Receive(front, appeals.New{Channel: "letter", Anonymous: true, Category: "complaint", Subject: "Queue", Body: "The queue was too long today.", Institution: "DOST"})
		if err != nil || anon.Status != appeals.Refused || anon.Answer == "" {
			t.Fatalf("anonymous appeal %+v %v", anon, err)
		}
		ma, err := ap.Receive(me, appeals.New{Channel: "portal", Category: "benefit_decision", Subject: "TSSA amount", Body: "I think the amount is too low for my family.", Institution: "DOST"})
		if err != nil || ma.PersonID == 0 {
			t.Fatalf("appeal: %+v %v", ma, err)
		}
		if _, err := ap.Answer(officer, ma.UUID, "Answer from the wrong institution, long enough."); err == nil {
			t.Fatal("an institution answered an appeal of another")
		}
		fwd, err := ap.Forward(front, ma.UUID, "SSPF", "benefit amounts are decided by the Fund")
		if err != nil || fwd.Institution != "SSPF" || fwd.ForwardedLate {
			t.Fatalf("forward: %+v %v", fwd, err)
		}
		ext, err := ap.Extend(officer, ma.UUID, "an inspection of living conditions is needed")
		if err != nil || !ext.Extended || !fwd.DueOn.Before(ext.DueOn) {
			t.Fatalf("extend: %+v %v", ext, err)
		}
		if _, err := ap.Extend(officer, ma.UUID, "once more, please, for longer"); err == nil {
			t.Fatal("an appeal was extended twice")
		}
		if _, err := ap.Answer(officer, ma.UUID, "The amount follows the need criterion of 300 AZN per member."); err != nil {
			t.Fatal(err)
		}
		today := clock.Today(clock.System{})
		st, err := ap.Stats(staff(t, a, "manager"), today.AddDays(-1), today) // the ministry's manager sees every agency's
		if err != nil || len(st) != 2 {
			t.Fatalf("appeal stats %+v %v", st, err)
		}
	})
}
