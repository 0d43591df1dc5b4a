package app_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// TestPersonsSearchShowsItsCount: the registry search says how many persons it found, in the
// reader's language and plural, the same number on every page of it.
func TestPersonsSearchShowsItsCount(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var surname string
		a.DB.QueryRow(`SELECT last_name FROM persons GROUP BY last_name ORDER BY COUNT(*) DESC, last_name LIMIT 1`).Scan(&surname)
		n, over, err := a.Registry.CountSearch(as(t, a, "officer"), registry.Query{Text: surname})
		if err != nil || over || n < 2 {
			t.Fatalf("%q: %d, %v, %v", surname, n, over, err)
		}
		officer := login(t, srv, a, "officer")
		page := officer.page(t, http.MethodGet, "/persons?q="+surname, nil, http.StatusOK)
		want := i18n.TrN("az", "search.count", n, map[string]any{"Shown": fmt.Sprint(n)})
		if !strings.Contains(page, `<p id="search-count">`+want+`</p>`) || !strings.Contains(want, "şəxs tapıldı") {
			t.Fatalf("the search does not say it found %d (%q):\n%s", n, want, page)
		}
		if _, body := officer.api(t, http.MethodGet, "/api/v1/persons?q="+surname, ""); body["total"] != float64(n) || body["more_than_total"] != nil {
			t.Fatalf("the API counts %v (more: %v), want %d", body["total"], body["more_than_total"], n)
		}
		if page := officer.page(t, http.MethodGet, "/persons?q=9ZZZZZ9", nil, http.StatusOK); strings.Contains(page, "search-count") {
			t.Fatalf("nobody found still shows a count:\n%s", page)
		}
	})
}

// TestPayrollCyclesListDownloads: the cycles list downloads as CSV and XLSX, the filter
// applied and every page of it (more cycles than a page of the store holds), and an
// institution's finance officer downloads only their own institution's cycles.
func TestPayrollCyclesListDownloads(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		tssa, err := a.ProgramStore.ProgramByCode(context.Background(), "TSSA")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 205 { // months of 2000 onwards; every seventh approved
			status := "prepared"
			if i%7 == 0 {
				status = "approved"
			}
			if _, err := a.DB.Exec(`INSERT INTO payment_cycles (uuid, program_id, period, status, prepared_by, started_at)
				VALUES ($1, $2, $3, $4, 'finance', $5)`, fmt.Sprintf("cycle-%d", i), tssa.ID, fmt.Sprintf("%04d-%02d", 2000+i/12, i%12+1), status, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		finance := login(t, srv, a, "finance")
		list := finance.page(t, http.MethodGet, "/payroll?status=approved", nil, http.StatusOK)
		if !strings.Contains(list, `id="download-csv" href="/payroll?format=csv&amp;status=approved"`) {
			t.Fatalf("no download of the filtered list:\n%s", list)
		}
		rows := func(body string) [][]string {
			t.Helper()
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		all := rows(finance.page(t, http.MethodGet, "/payroll?format=csv", nil, http.StatusOK))
		if len(all) != 1+205 || all[0][0] != "Dövr №" || all[1][2] != "2017-01" || all[205][2] != "2000-01" {
			t.Fatalf("all cycles: %d rows, header %v, first %v", len(all), all[0], all[1])
		}
		approved := rows(finance.page(t, http.MethodGet, "/payroll?status=approved&format=csv", nil, http.StatusOK))
		if len(approved) != 1+30 || approved[1][3] != i18n.Tr("az", "cycle.approved", nil) {
			t.Fatalf("approved cycles: %d rows, %v", len(approved), approved[1])
		}
		book, err := excelize.OpenReader(strings.NewReader(finance.page(t, http.MethodGet, "/payroll?status=approved&format=xlsx", nil, http.StatusOK)))
		if err != nil {
			t.Fatal(err)
		}
		if sheet, err := book.GetRows("cycles"); err != nil || len(sheet) != 1+30 {
			t.Fatalf("xlsx: %d rows, %v", len(sheet), err)
		}
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		if other := rows(login(t, srv, a, "sea-finance").page(t, http.MethodGet, "/payroll?format=csv", nil, http.StatusOK)); len(other) != 1 {
			t.Fatalf("another institution's finance officer downloads %d cycles", len(other)-1)
		}
	})
}

// riskPairs are, on today, the dates of two open items on each side of the at-risk boundary,
// found by counting working days on the calendar rather than by the steps under test: one
// filed long enough ago that its last three working days are a fifth of its time (inside),
// and one filed a working day later (outside); one filed today due on the last day with one
// working day left (inside) and one due a day later (outside).
func riskPairs(t *testing.T, cal *workdays.Calendar, today clock.Date) (in, out [2][2]clock.Date) {
	t.Helper()
	due := cal.Add(today, 3)
	filed := today
	for cal.Between(filed, today) < 12 { // 3 left of 15: a fifth
		filed = filed.AddDays(-1)
	}
	in[0], out[0] = [2]clock.Date{filed, due}, [2]clock.Date{filed.AddDays(1), due}
	last := today
	for cal.Between(today, last.AddDays(1)) <= 1 {
		last = last.AddDays(1)
	}
	in[1], out[1] = [2]clock.Date{today, last}, [2]clock.Date{today, last.AddDays(1)}
	for i := range 2 { // the definition the rows show agrees on which side each one is
		if !cal.AtRisk(in[i][0], in[i][1], today) || cal.AtRisk(out[i][0], out[i][1], today) {
			t.Fatalf("pair %d: %v is not at risk or %v is", i, in[i], out[i])
		}
	}
	return in, out
}

// TestAtRiskFilterTakesTheBoundaryExactly: the applications list, the appeals list and "my
// work" filter on track and at risk by the deadline state their rows show: an item just inside
// the boundary (by due date, and by filing date) is at risk and not on track, one just outside
// is on track and not at risk — on the page, in the CSV of the filtered list and in the API.
func TestAtRiskFilterTakesTheBoundaryExactly(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		today, cal := a.ServiceDesk.Today(), a.ServiceDesk.Calendar().Get()
		in, out := riskPairs(t, cal, today)
		dated := append(in[:], out[:]...)
		apps := fileTSSA(t, a, heads(t, a, 4)...)
		var appeal []appeals.Appeal
		for i, d := range dated {
			if _, err := a.DB.Exec(`UPDATE applications SET filed_on = $1, due_on = $2, assigned_to = 'officer' WHERE id = $3`, d[0].String(), d[1].String(), apps[i].ID); err != nil {
				t.Fatal(err)
			}
			ap, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SSPF"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.DB.Exec(`UPDATE appeals SET received_on = $1, due_on = $2, assigned_to = 'officer' WHERE id = $3`, d[0].String(), d[1].String(), ap.ID); err != nil {
				t.Fatal(err)
			}
			appeal = append(appeal, ap)
		}
		officer := login(t, srv, a, "officer")
		check := func(what, body string, inside bool, numbers ...string) {
			t.Helper()
			for i, n := range numbers {
				if want := (i < 2) == inside; strings.Contains(body, n) != want {
					t.Errorf("%s: %s (inside the boundary: %v) listed: %v", what, n, i < 2, !want)
				}
			}
		}
		for _, state := range []string{"at_risk", "on_track"} {
			inside := state == "at_risk"
			numbers := []string{apps[0].Number, apps[1].Number, apps[2].Number, apps[3].Number}
			page := officer.page(t, http.MethodGet, "/applications?deadline="+state, nil, http.StatusOK)
			check("applications "+state, page, inside, numbers...)
			if !strings.Contains(page, `<option value="`+state+`" selected>`) {
				t.Errorf("the applications list forgets the filter %s", state)
			}
			check("applications CSV "+state, officer.page(t, http.MethodGet, "/applications?format=csv&deadline="+state, nil, http.StatusOK), inside, numbers...)
			_, body := officer.api(t, http.MethodGet, "/api/v1/applications?limit=200&deadline="+state, "")
			check("applications API "+state, toJSON(body), inside, numbers...)
			check("my work "+state, officer.page(t, http.MethodGet, "/work?deadline="+state, nil, http.StatusOK), inside, numbers...)

			numbers = []string{appeal[0].Number, appeal[1].Number, appeal[2].Number, appeal[3].Number}
			register := officer.page(t, http.MethodGet, "/appeals?deadline="+state, nil, http.StatusOK)
			check("appeals "+state, register, inside, numbers...)
			for _, n := range numbers[:2] { // the register marks the ones at risk
				if i := strings.Index(register, ">"+n+"<"); inside && (i < 0 || !strings.Contains(register[i:i+strings.Index(register[i:], "</tr>")], "badge deadline-at_risk")) {
					t.Errorf("appeal %s is not marked at risk in the register", n)
				}
			}
			check("appeals CSV "+state, officer.page(t, http.MethodGet, "/appeals?format=csv&deadline="+state, nil, http.StatusOK), inside, numbers...)
			check("my work's appeals "+state, officer.page(t, http.MethodGet, "/work?deadline="+state, nil, http.StatusOK), inside, numbers...)
		}
		for i, ap := range apps { // and each row says what the filter selected it for
			want := map[bool]string{true: servicedesk.AtRisk, false: servicedesk.OnTrack}[i < 2]
			if got, _ := a.ServiceDesk.Application(as(t, a, "officer"), ap.UUID); got.Deadline(cal, today) != want {
				t.Errorf("%s shows %s, filtered as %s", ap.Number, got.Deadline(cal, today), want)
			}
		}
	})
}

// TestMyWorkReachesEveryAppeal: "my work" counts the appeals assigned to the officer and pages
// through them (its own cursor, beside the applications'): the 201st is reachable, and none
// is shown twice.
func TestMyWorkReachesEveryAppeal(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		want := map[string]bool{}
		for range 201 {
			ap, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SSPF"))
			if err != nil {
				t.Fatal(err)
			}
			want[ap.Number] = true
		}
		if _, err := a.DB.Exec(`UPDATE appeals SET assigned_to = 'officer'`); err != nil {
			t.Fatal(err)
		}
		officer := login(t, srv, a, "officer")
		seen := map[string]int{}
		number := regexp.MustCompile(`>(M-\d{4}-\d{6})</a>`)
		next := regexp.MustCompile(`id="appeals-next-page" href="([^"]+)"`)
		path := "/work"
		for pages := 0; path != ""; pages++ {
			page := officer.page(t, http.MethodGet, path, nil, http.StatusOK)
			if pages == 0 && !strings.Contains(page, `<p id="appeals-total">201 vətəndaş müraciəti</p>`) {
				t.Fatalf("the first page does not count 201 appeals:\n%s", page)
			}
			for _, m := range number.FindAllStringSubmatch(page[strings.Index(page, `id="appeals-total"`):], -1) {
				seen[m[1]]++
			}
			path = ""
			if m := next.FindStringSubmatch(page); m != nil {
				path = html.UnescapeString(m[1])
			}
			if pages > 10 {
				t.Fatal("the pages do not end")
			}
		}
		for n := range want {
			if seen[n] != 1 {
				t.Errorf("%s shown %d times", n, seen[n])
			}
		}
	})
}

// TestTakeNextAppeal: an officer takes the unassigned open appeal of their institutions due
// first (another institution's, due earlier still, is never theirs), is taken to it, and the
// assignment is an event and in the audit log; two officers taking at once never get the same
// one; an empty queue says so.
func TestTakeNextAppeal(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if _, err := a.DB.Exec(`UPDATE appeals SET assigned_to = 'someone' WHERE assigned_to = ''`); err != nil {
			t.Fatal(err)
		}
		today := a.Appeals.Today()
		queue := map[string]bool{}
		var first appeals.Appeal
		for i := range 10 {
			ap, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SSPF"))
			if err != nil {
				t.Fatal(err)
			}
			a.DB.Exec(`UPDATE appeals SET due_on = $1 WHERE id = $2`, today.AddDays(10-i).String(), ap.ID) // the last received is due first
			queue[ap.Number], first = true, ap
		}
		other, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SEA"))
		if err != nil {
			t.Fatal(err)
		}
		a.DB.Exec(`UPDATE appeals SET due_on = $1 WHERE id = $2`, today.String(), other.ID)

		officer := login(t, srv, a, "officer")
		if loc := officer.page(t, http.MethodPost, "/appeals/take", nil, http.StatusSeeOther); loc != "/appeals/"+first.UUID {
			t.Fatalf("took %s, want the SSPF appeal due first %s", loc, first.UUID)
		}
		delete(queue, first.Number)
		var audited, events int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'assignment' AND entity = 'appeal' AND entity_id = $1 AND actor_login = 'officer'`, first.Number).Scan(&audited)
		a.DB.QueryRow(`SELECT COUNT(*) FROM appeal_events WHERE appeal_id = $1 AND action = 'assigned' AND note = 'officer'`, first.ID).Scan(&events)
		if audited != 1 || events != 1 {
			t.Fatalf("taking is %d times in the audit log and %d times an event", audited, events)
		}

		staffIn(t, a, "officer2", authz.BackOffice, "SSPF")
		taken := make(chan string, 20)
		done := make(chan error, 2)
		for _, who := range []string{"officer", "officer2"} {
			ctx := as(t, a, who)
			go func() {
				for {
					ap, err := a.Appeals.TakeNext(ctx)
					if errors.Is(err, fail.ErrNotFound) {
						done <- nil
						return
					}
					if err != nil {
						done <- err
						return
					}
					taken <- ap.Number + " " + ap.AssignedTo
				}
			}()
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		close(taken)
		got := map[string]int{}
		for s := range taken {
			number, who, _ := strings.Cut(s, " ")
			got[number]++
			if !queue[number] || (who != "officer" && who != "officer2") {
				t.Errorf("%s taken by %q", number, who)
			}
		}
		if len(got) != len(queue) {
			t.Errorf("took %d of the %d waiting", len(got), len(queue))
		}
		for n, k := range got {
			if k != 1 {
				t.Errorf("%s taken %d times", n, k)
			}
		}
		if ap, _ := a.Appeals.Appeal(as(t, a, "officer"), first.UUID); ap.AssignedTo != "officer" {
			t.Errorf("the first appeal is now %q's", ap.AssignedTo)
		}
		var sea string
		a.DB.QueryRow(`SELECT assigned_to FROM appeals WHERE id = $1`, other.ID).Scan(&sea)
		if sea != "" {
			t.Errorf("another institution's appeal was taken by %q", sea)
		}
		loc := officer.page(t, http.MethodPost, "/appeals/take", nil, http.StatusSeeOther)
		if page := officer.page(t, http.MethodGet, loc, nil, http.StatusOK); !strings.Contains(page, "Növbədə təhkim edilməmiş vətəndaş müraciəti yoxdur.") {
			t.Fatalf("an empty queue (%s) does not say so:\n%s", loc, page)
		}
	})
}
