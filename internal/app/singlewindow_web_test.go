package app_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// page fetches a page and fails the test unless it answers want.
func (c *client) page(t *testing.T, method, path string, form url.Values, want int) string {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(t, req, want)
}

func (c *client) send(t *testing.T, req *http.Request, want int) string {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d\n%s", req.Method, req.URL.Path, resp.StatusCode, want, b)
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		return loc
	}
	return string(b)
}

// upload posts a multipart form with one file per document type.
func (c *client) upload(t *testing.T, path string, fields map[string]string, files map[string][]byte, want int) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, content := range files {
		w, _ := mw.CreateFormFile(name, name+".pdf")
		w.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(t, req, want)
}

func citizen(t *testing.T, srv *httptest.Server, fin string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
	c.page(t, "POST", "/e-social/login", url.Values{"fin": {fin}}, http.StatusSeeOther)
	return c
}

var uuidIn = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestSingleWindowPages drives the pages of the single window as the people who use them,
// on both engines: a citizen in the portal, the operator, the officer, the manager, the
// administrator, and the appeals desk.
func TestSingleWindowPages(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
		a.DB.Exec(`UPDATE persons SET phone = '+994501234567' WHERE fin = $1`, fin)
		me := citizen(t, srv, fin)
		if home := me.page(t, "GET", "/e-social", nil, 200); !strings.Contains(home, fin) {
			t.Fatal("the cabinet does not show the citizen's FİN")
		}
		me.page(t, "GET", "/e-social/apply/05-01-01-00", nil, 200)
		msg := me.upload(t, "/e-social/apply/05-01-01-00", nil, map[string][]byte{"doc_id_card": []byte("not a scan")}, 422)
		if !strings.Contains(msg, "PDF, JPEG") {
			t.Fatalf("a text file passed as a scan:\n%s", msg)
		}
		// a citizen cannot claim a document was seen on paper: that is the operator's to say
		if msg := me.upload(t, "/e-social/apply/05-01-01-00", map[string]string{"paper": "diploma"}, map[string][]byte{"doc_id_card": pdfBytes}, 422); !strings.Contains(msg, `id="e-doc_diploma"`) && !strings.Contains(msg, "tələb olunur") {
			t.Fatalf("a citizen's application without the diploma:\n%s", msg)
		}
		loc := me.upload(t, "/e-social/apply/05-01-01-00", nil, map[string][]byte{"doc_id_card": pdfBytes, "doc_diploma": pdfBytes}, http.StatusSeeOther)
		appID := uuidIn.FindString(loc)
		if page := me.page(t, "GET", "/e-social/applications/"+appID, nil, 200); !strings.Contains(page, "deadline-") {
			t.Fatal("the application page shows no deadline state")
		}
		me.page(t, "POST", "/e-social/applications/"+appID+"/withdraw", nil, http.StatusSeeOther)
		other := citizen(t, srv, func() (f string) {
			a.DB.QueryRow(`SELECT fin FROM persons WHERE fin <> $1 ORDER BY id DESC LIMIT 1`, fin).Scan(&f)
			return
		}())
		other.page(t, "GET", "/e-social/applications/"+appID, nil, http.StatusNotFound)

		next := a.Calendar.Get().Add(clock.Today(clock.System{}), 2)
		booking := me.page(t, "GET", "/e-social/book?centre=DOST-2&service=01-01-01-00&day="+next.String(), nil, 200)
		slot := regexp.MustCompile(`name="slot" value="([^"]+)"`).FindStringSubmatch(booking)
		if slot == nil {
			t.Fatal("no free slot offered on a working day")
		}
		booked := me.page(t, "POST", "/e-social/book", url.Values{"centre": {"DOST-2"}, "service": {"01-01-01-00"}, "day": {next.String()}, "slot": {slot[1]}}, http.StatusCreated)
		if !strings.Contains(booked, `id="booking-number"`) {
			t.Fatal("booking shows no number")
		}
		again := me.page(t, "POST", "/e-social/book", url.Values{"centre": {"DOST-1"}, "service": {"01-01-01-00"}, "day": {next.String()}, "slot": {slot[1]}}, 422)
		if !strings.Contains(again, "already have a booking") && !strings.Contains(again, "artıq qeydiyyatınız") {
			t.Fatal("a second booking the same day was not refused with its reason")
		}
		loc = me.page(t, "POST", "/e-social/appeals", url.Values{"institution": {"SSPF"}, "category": {"complaint"}, "subject": {"Late payment"},
			"body": {"My allowance for October has not arrived yet."}}, http.StatusSeeOther)
		me.page(t, "GET", loc, nil, 200)
		me.page(t, "POST", "/e-social/appeals", url.Values{"institution": {"SSPF"}, "category": {"complaint"}, "subject": {""}, "body": {"short"}}, 422)

		front := login(t, srv, a, "front")
		kiosk := front.page(t, "POST", "/kiosk/DOST-1/tickets", url.Values{"service": {"05-01-01-00"}}, http.StatusCreated)
		// the kiosk shows the ticket, then goes back to its start screen; it leads nowhere else
		if !strings.Contains(kiosk, `<meta http-equiv="refresh" content="20;url=/kiosk/DOST-1">`) || strings.Contains(kiosk, `href="/e-social`) {
			t.Fatalf("the kiosk's ticket screen:\n%s", kiosk)
		}
		front.page(t, "POST", "/desk/call", url.Values{"centre": {"DOST-1"}, "desk": {"4"}}, http.StatusSeeOther)
		if board := front.page(t, "GET", "/board/DOST-1", nil, 200); !strings.Contains(board, `class="status-`) || !strings.Contains(board, ` latest"`) {
			t.Fatalf("the board, a ticket just called, does not mark the latest call:\n%s", board)
		}
		desk := front.page(t, "GET", "/desk?centre=DOST-1&desk=4", nil, 200)
		// back at the desk screen through the navigation, the operator is still at desk 4
		if again := front.page(t, "GET", "/desk", nil, 200); !strings.Contains(again, `name="desk" type="text" value="4"`) {
			t.Fatalf("the desk screen forgot the operator's desk:\n%s", again)
		}
		ticket := regexp.MustCompile(`/tickets/([^/]+)/move`).FindStringSubmatch(desk)
		if ticket == nil {
			t.Fatal("the desk does not show the called ticket")
		}
		front.page(t, "POST", "/tickets/"+ticket[1]+"/move", url.Values{"centre": {"DOST-1"}, "desk": {"4"}, "status": {"serving"}}, http.StatusSeeOther)
		front.page(t, "POST", "/tickets/"+ticket[1]+"/move", url.Values{"centre": {"DOST-1"}, "desk": {"4"}, "status": {"done"}}, http.StatusSeeOther)
		front.page(t, "POST", "/desk/call", url.Values{"centre": {"DOST-1"}, "desk": {"4"}}, 422) // nobody left
		tablet := front.page(t, "GET", "/desks/DOST-1/4/rating", nil, 200)
		token := regexp.MustCompile(`action="/rate/([a-z0-9]+)"`).FindStringSubmatch(tablet)
		if token == nil {
			t.Fatal("the tablet at the desk does not ask to rate the visit just closed")
		}
		front.page(t, "POST", "/rate/"+token[1], url.Values{"score": {"4"}, "channel": {"desk"}, "back": {"/desks/DOST-1/4/rating"}}, http.StatusSeeOther)
		if after := front.page(t, "GET", "/desks/DOST-1/4/rating?thanks=1", nil, 200); strings.Contains(after, token[1]) || !strings.Contains(after, `id="rated"`) {
			t.Fatal("the tablet asks again about a rated visit")
		}
		front.page(t, "GET", "/board/DOST-1", nil, 200)
		loc = front.upload(t, "/applications", map[string]string{"fin": fin, "service": "05-01-01-00", "centre": "DOST-1", "desk": "4", "lang": "ru", "paper": "diploma"},
			map[string][]byte{"doc_id_card": pdfBytes}, http.StatusSeeOther)
		appID = uuidIn.FindString(loc)
		if page := front.page(t, "GET", "/applications/"+appID, nil, 200); !strings.Contains(page, "kağız üzərində görülüb") {
			t.Fatalf("the diploma seen on paper is not on the application:\n%s", page)
		}

		employment := login(t, srv, a, "employment")
		employment.page(t, "GET", "/applications", nil, 403) // an employment officer does not decide
		manager := login(t, srv, a, "manager")
		manager.page(t, "POST", "/applications/"+appID+"/move", url.Values{"to": {"in_review"}}, http.StatusSeeOther)
		page := manager.page(t, "POST", "/applications/"+appID+"/move", url.Values{"to": {"refused"}, "ground": {"age_requirement"}, "note": {"typed by the officer"}}, 422)
		if !strings.Contains(page, `id="e-ground"`) {
			t.Fatal("a refusal on a ground the passport does not list was accepted")
		}
		// the form comes back as the officer left it: a refusal, not a grant, and the note kept
		if !strings.Contains(page, `<option value="refused" selected>`) || strings.Contains(page, `<option value="granted" selected>`) ||
			!strings.Contains(page, `value="typed by the officer"`) {
			t.Fatalf("the refused decision form lost what was chosen:\n%s", page)
		}
		// and a grant with a ground for refusal is contradictory: refused, nothing decided
		page = manager.page(t, "POST", "/applications/"+appID+"/move", url.Values{"to": {"granted"}, "ground": {"duplicate"}}, 422)
		if !strings.Contains(page, `id="e-ground"`) || !strings.Contains(page, `<option value="duplicate" selected>`) {
			t.Fatalf("a grant with a refusal ground was not refused at its field:\n%s", page)
		}
		if got, _ := a.ServiceDesk.Application(as(t, a, "manager"), appID); got.Status != servicedesk.InReview {
			t.Fatalf("the contradictory decision changed the application: %s", got.Status)
		}
		manager.page(t, "POST", "/applications/"+appID+"/move", url.Values{"to": {"refused"}, "ground": {"duplicate"}, "note": {"Already registered on 2026-11-01"}}, http.StatusSeeOther)
		manager.page(t, "POST", "/applications/"+appID+"/move", url.Values{"to": {"delivered"}}, http.StatusSeeOther)
		report := manager.page(t, "GET", "/reports/service", nil, 200)
		if !strings.Contains(report, "05-01-01-00") {
			t.Fatal("the report does not show the visit")
		}
		if !strings.Contains(report, "Masada orta xidmət vaxtı standartla müqayisədə") || !strings.Contains(report, "Razı qalanların payı") ||
			strings.Count(report, `<svg class="chart"`) != 2 {
			t.Fatalf("the report draws no charts beside its tables:\n%s", report)
		}
		if ops := manager.page(t, "GET", "/reports/service?by=operator", nil, 200); !strings.Contains(ops, ">front<") {
			t.Fatal("the operator's satisfaction from the desk tablet is not in the report")
		}
		if csv := manager.page(t, "GET", "/reports/service?format=csv", nil, 200); !strings.HasPrefix(csv, "service,operator,visits") {
			t.Fatalf("CSV export: %q", csv[:min(60, len(csv))])
		}
		book, err := excelize.OpenReader(strings.NewReader(manager.page(t, "GET", "/reports/service?format=xlsx", nil, 200)))
		if err != nil {
			t.Fatal(err)
		}
		if sheets := book.GetSheetList(); !slices.Equal(sheets, []string{"Gözləmə və xidmət", "Mərkəz və gün üzrə", "Məmnunluq", "Müddətlərə əməl"}) {
			t.Fatalf("XLSX report sheets %q", sheets)
		}
		if head, _ := book.GetRows("Gözləmə və xidmət"); len(head) == 0 || strings.Join(head[0][:3], ",") != "Xidmət,Operator,Gəlişlər" {
			t.Fatalf("XLSX report header %q: for people, not the CSV's column names", head)
		}
		manager.page(t, "GET", "/reports/service?format=ods", nil, http.StatusUnprocessableEntity)

		admin := login(t, srv, a, "admin")
		form := admin.page(t, "GET", "/admin/services/05-01-01-00", nil, 200)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)[1]
		id := regexp.MustCompile(`name="id" value="(\d+)"`).FindStringSubmatch(form)[1]
		edit := url.Values{"id": {id}, "version": {version}, "code": {"05-01-01-00"}, "direction": {"employment"}, "name_az": {"İşaxtaran kimi qeydiyyat"},
			"name_en": {"Registration as a job seeker"}, "name_ru": {"Регистрация ищущего работу"}, "institution": {"SEA"}, "legal_basis": {"Law on Employment, 2018"},
			"channels": {"centre", "portal"}, "documents": {"id_card"}, "refusal_grounds": {"duplicate"}, "front_office_minutes": {"12"},
			"back_office_minutes": {"10"}, "deadline_working_days": {"2"}, "fee": {"0"}, "active": {"on"}}
		admin.page(t, "POST", "/admin/services/05-01-01-00", edit, http.StatusSeeOther)
		admin.page(t, "POST", "/admin/services/05-01-01-00", edit, http.StatusConflict) // the same version again: someone else's edit is not overwritten
		edit.Set("code", "5-1")
		edit.Set("version", "2")
		if page := admin.page(t, "POST", "/admin/services/new", edit, 422); !strings.Contains(page, "NN-NN-NN-NN") {
			t.Fatal("a malformed code was not explained")
		}
		day := clock.NewDate(2026, time.December, 30)
		admin.page(t, "POST", "/admin/calendar", url.Values{"date": {day.String()}, "kind": {"holiday"}, "name_az": {"Sınaq"}, "name_en": {"Test"}, "name_ru": {"Тест"}}, http.StatusSeeOther)
		if a.Calendar.Get().Working(day) {
			t.Fatal("a holiday added by the administrator is still a working day")
		}
		admin.page(t, "POST", "/admin/calendar/"+day.String()+"/delete", nil, http.StatusSeeOther)
		a.DB.Exec(`UPDATE notifications SET status = 'failed', last_error = 'gateway down' WHERE id = (SELECT MIN(id) FROM notifications)`)
		outbox := admin.page(t, "GET", "/admin/notifications", nil, 200)
		if !strings.Contains(outbox, "gateway down") || regexp.MustCompile(`\+994\d{9}`).MatchString(outbox) || strings.Contains(outbox, "DOST:") {
			t.Fatalf("the outbox page must list the failed message with a masked address and no text:\n%s", outbox[strings.Index(outbox, "<main"):])
		}

		appeals := login(t, srv, a, "officer")
		list := appeals.page(t, "GET", "/appeals", nil, 200)
		appealID := uuidIn.FindString(list[strings.Index(list, "/appeals/"):])
		appeals.page(t, "POST", "/appeals/"+appealID+"/take", nil, http.StatusSeeOther)
		appeals.page(t, "POST", "/appeals/"+appealID+"/answer", url.Values{"answer": {"short"}}, 422)
		appeals.page(t, "POST", "/appeals/"+appealID+"/answer", url.Values{"answer": {"The October allowance was paid on 2026-11-20 to your account."}}, http.StatusSeeOther)
		if st := appeals.page(t, "GET", "/appeals/stats?format=csv", nil, 200); !strings.Contains(st, "SSPF,1,1,0,0,0,0") {
			t.Fatalf("appeal statistics:\n%s", st)
		}
		// the page draws them beside the table, for the last 30 days by default
		if page := appeals.page(t, "GET", "/appeals/stats", nil, 200); !strings.Contains(page, `<svg class="chart"`) ||
			!strings.Contains(page, "Qurumlar üzrə daxil olan və cavablandırılan müraciətlər") || !strings.Contains(page, `value="`+clock.Today(a.Config.Clock).AddDays(-29).String()+`"`) {
			t.Fatalf("appeal statistics page:\n%s", page)
		}
		book, err = excelize.OpenReader(strings.NewReader(appeals.page(t, "GET", "/appeals/stats?format=xlsx", nil, 200)))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := book.GetRows("appeals"); len(rows) != 2 || strings.Join(rows[1], ",") != "SSPF,1,1,0,0,0,0" || rows[0][1] != "Daxil olub" {
			t.Fatalf("XLSX appeal statistics %q", rows)
		}
		front.page(t, "POST", "/appeals", url.Values{"channel": {"letter"}, "anonymous": {"on"}, "institution": {"DOST"}, "category": {"complaint"},
			"subject": {"Rude staff"}, "body": {"Unsigned letter about the staff."}}, http.StatusSeeOther)
	})
}

// TestAppealsAPI: the call centre registers an appeal through the API; a bad one is refused
// with field messages; the statistics count it.
func TestAppealsAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "front")
		resp, body := c.api(t, "POST", "/api/v1/appeals", `{"channel":"call","applicant":"Əliyev Vüqar","contact":"+994501112233",
			"category":"information","subject":"Pensiya hesablanması","body":"Pensiyamın necə hesablandığını bilmək istəyirəm.","institution":"SSPF"}`)
		if resp.StatusCode != http.StatusCreated || body["due_on"] == nil || body["status"] != "registered" {
			t.Fatalf("call-centre appeal: %d %v", resp.StatusCode, body)
		}
		resp, body = c.api(t, "POST", "/api/v1/appeals", `{"channel":"call","category":"information","subject":"","body":"short","institution":"SSPF"}`, "Accept-Language", "en")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(toJSON(body), "body.subject") {
			t.Fatalf("an empty appeal: %d %v", resp.StatusCode, body)
		}
		// the language is one the interface speaks (the schema lists i18n.Languages)
		resp, body = c.api(t, "POST", "/api/v1/appeals", `{"channel":"call","applicant":"Əliyev Vüqar","contact":"+994501112233",
			"category":"information","subject":"Pensiya","body":"Pensiyamın necə hesablandığını bilmək istəyirəm.","institution":"SSPF","lang":"xx"}`)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(toJSON(body), "body.lang") {
			t.Fatalf("an appeal in a language dost does not speak: %d %v", resp.StatusCode, body)
		}
		resp, _ = c.api(t, "GET", "/api/v1/appeals/stats", "")
		if resp.StatusCode != 200 {
			t.Fatalf("stats: %d", resp.StatusCode)
		}
		stats := func(c *client) string {
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/appeals/stats", nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			r, _ := http.DefaultClient.Do(req)
			raw, _ := io.ReadAll(r.Body)
			r.Body.Close()
			return string(raw)
		}
		if raw := stats(c); strings.Contains(raw, "SSPF") {
			t.Fatalf("the DOST front office sees the SSPF's statistics: %s", raw)
		}
		raw := stats(login(t, srv, a, "manager")) // the ministry's manager: every agency below it
		if !strings.Contains(string(raw), `"institution":"SSPF","received":1`) {
			t.Fatalf("statistics: %s", raw)
		}
	})
}
