package app_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// heads are FİNs of living heads of household, each of whom may file one TSSA application.
func heads(t *testing.T, a *app.App, n int) []string {
	t.Helper()
	rows, err := a.DB.Query(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id AND m.relationship = 'head'
		WHERE p.death_date IS NULL AND NOT EXISTS (SELECT 1 FROM applications x WHERE x.person_id = p.id) ORDER BY p.id LIMIT $1`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var fin string
		rows.Scan(&fin)
		out = append(out, fin)
	}
	if len(out) < n {
		t.Fatalf("only %d heads of household without an application", len(out))
	}
	return out
}

// fileTSSA files a TSSA application at a centre for each FİN and returns them.
func fileTSSA(t *testing.T, a *app.App, fins ...string) []servicedesk.Application {
	t.Helper()
	front := as(t, a, "front")
	var out []servicedesk.Application
	for _, fin := range fins {
		appl, err := a.ServiceDesk.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre,
			Lang: "en", Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, appl)
	}
	return out
}

// TestApplicationPagesCoverEveryRowOnce pages through the officer's queue two at a time, in
// both orders, while applications are filed between the pages: every application there at the
// start is listed exactly once, none twice, and the total counts what the filter selects.
func TestApplicationPagesCoverEveryRowOnce(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		fins := heads(t, a, 14)
		before := fileTSSA(t, a, fins[:6]...)
		officer := as(t, a, "officer")
		tssa, err := a.ServiceDesk.Passport(officer, "02-01-01-00")
		if err != nil {
			t.Fatal(err)
		}
		f := servicedesk.ApplicationFilter{Institutions: authz.From(officer).Scope(authz.Decide), Statuses: servicedesk.OpenStatuses, ServiceID: tssa.ID}
		late := fins[6:]
		for _, sort := range servicedesk.ApplicationSorts {
			seen := map[string]int{}
			page := list.Page{Size: 2, Sort: sort}
			var total int64
			for n := 0; ; n++ {
				res, err := a.ServiceDesk.ApplicationPage(officer, f, page)
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					total = res.Total
				}
				for _, r := range res.Rows {
					seen[r.UUID]++
				}
				if res.Next == "" {
					break
				}
				if len(late) > 0 { // a new application arrives while the officer reads
					fileTSSA(t, a, late[0])
					late = late[1:]
				}
				page.After = list.Decode(res.Next)
			}
			if total < int64(len(before)) {
				t.Errorf("%s: total %d, want at least %d", sort, total, len(before))
			}
			for _, b := range before {
				if seen[b.UUID] != 1 {
					t.Errorf("%s: %s listed %d times", sort, b.Number, seen[b.UUID])
				}
			}
			for id, k := range seen {
				if k > 1 {
					t.Errorf("%s: %s listed %d times", sort, id, k)
				}
			}
		}

		// filters: nothing just filed is past its deadline; none of them is assigned
		breached := f
		breached.Deadline = servicedesk.Breached
		res, err := a.ServiceDesk.ApplicationPage(officer, breached, list.Page{Size: 200, Sort: "due"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Rows {
			if r.UUID == before[0].UUID || !r.DueOn.Before(a.ServiceDesk.Today()) {
				t.Errorf("breached filter lists %s due %s", r.Number, r.DueOn)
			}
		}
		nobody := f
		nobody.Assignees = []string{servicedesk.Unassigned}
		all, _ := a.ServiceDesk.CountApplications(officer, f)
		free, _ := a.ServiceDesk.CountApplications(officer, nobody)
		if free != all || all < int64(len(before)) {
			t.Errorf("unassigned %d of %d", free, all)
		}
		day := before[0].FiledOn.String()
		dated := f
		dated.FiledFrom, dated.FiledTo = day, day
		if n, _ := a.ServiceDesk.CountApplications(officer, dated); n < int64(len(before)) {
			t.Errorf("filed on %s: %d", day, n)
		}
		dated.FiledFrom, dated.FiledTo = "2000-01-01", "2000-01-02"
		if n, _ := a.ServiceDesk.CountApplications(officer, dated); n != 0 {
			t.Errorf("filed in 2000: %d", n)
		}
	})
}

// TestAssignTakeAndMyWork: a manager assigns several applications at once to an officer of
// their institutions, which shows in the officer's "my work" and on each application with who
// assigned it; a manager of another agency is refused; an officer of another agency gets
// nothing; a substitute sees an absent officer's work marked as a substitution; an officer
// takes the next from the queue; and the filtered list downloads as CSV, in the audit log.
func TestAssignTakeAndMyWork(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		staffIn(t, a, "sea-manager", authz.Manager, "SEA")
		staffIn(t, a, "sea-officer", authz.BackOffice, "SEA")
		staffIn(t, a, "officer2", authz.BackOffice, "SSPF")
		apps := fileTSSA(t, a, heads(t, a, 3)...)
		manager, officer, officer2 := login(t, srv, a, "manager"), login(t, srv, a, "officer"), login(t, srv, a, "officer2")

		assign := url.Values{"id": {apps[0].UUID, apps[1].UUID}, "officer": {"officer"}, "back": {"/applications?service=02-01-01-00"}}
		loc := manager.page(t, "POST", "/applications/assign", assign, http.StatusSeeOther)
		if !strings.HasPrefix(loc, "/applications?") || !strings.Contains(loc, "assigned=2") || !strings.Contains(loc, "service=02-01-01-00") {
			t.Fatalf("after assigning: %s", loc)
		}
		login(t, srv, a, "sea-manager").page(t, "POST", "/applications/assign", assign, http.StatusForbidden)
		manager.page(t, "POST", "/applications/assign", url.Values{"id": {apps[2].UUID}, "officer": {"sea-officer"}, "back": {"/applications"}}, http.StatusSeeOther)
		page := manager.page(t, "POST", "/applications/assign", url.Values{"id": {apps[2].UUID}, "officer": {"nobody"}, "back": {"/applications?status=all"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, `id="e-officer"`) {
			t.Error("an unknown officer is not refused at the officer's field")
		}
		if !strings.Contains(page, `value="`+apps[2].UUID+`" aria-label="`+apps[2].Number+`" checked`) {
			t.Error("the refused assignment's checked application is not checked again")
		}

		work := officer.page(t, "GET", "/work", nil, http.StatusOK)
		if !strings.Contains(work, apps[0].Number) || !strings.Contains(work, apps[1].Number) || strings.Contains(work, apps[2].Number) {
			t.Error("my work does not list exactly what was assigned to the officer")
		}
		shown := officer.page(t, "GET", "/applications/"+apps[0].UUID, nil, http.StatusOK)
		if i := strings.Index(shown, `id="application-assignee"`); i < 0 || !strings.Contains(shown[i:i+300], ">officer<") || !strings.Contains(shown[i:i+300], "manager") {
			t.Error("the application does not say who assigned it")
		}
		if got, _ := a.ServiceDesk.Application(as(t, a, "officer"), apps[2].UUID); got.AssignedTo != "" {
			t.Errorf("an application of the SSPF assigned to an officer of the SEA: %q", got.AssignedTo)
		}
		// taking an assigned application into review leaves it with its officer
		manager.page(t, "POST", "/applications/"+apps[0].UUID+"/move", url.Values{"to": {"in_review"}}, http.StatusSeeOther)
		if got, _ := a.ServiceDesk.Application(as(t, a, "officer"), apps[0].UUID); got.AssignedTo != "officer" || got.AssignedBy != "manager" {
			t.Errorf("after review by the manager: assigned to %q by %q", got.AssignedTo, got.AssignedBy)
		}

		// officer is away; officer2 substitutes and sees officer's work
		today := a.ServiceDesk.Today()
		manager.page(t, "POST", "/absences", url.Values{"officer": {"officer"}, "substitute": {"officer2"}, "from": {today.String()}, "to": {today.AddDays(5).String()}}, http.StatusSeeOther)
		page = manager.page(t, "POST", "/absences", url.Values{"officer": {"officer"}, "substitute": {"officer"}, "from": {today.String()}, "to": {"2000-01-01"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, `id="e-substitute"`) || !strings.Contains(page, `id="e-to"`) {
			t.Error("a substitute for oneself ending in the past is not refused at its fields")
		}
		ap, err := a.Appeals.Receive(as(t, a, "officer"), appealNew("SSPF"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Appeals.AssignTo(as(t, a, "manager"), []string{ap.UUID}, "officer"); err != nil {
			t.Fatal(err)
		}
		work = officer2.page(t, "GET", "/work", nil, http.StatusOK)
		if !strings.Contains(work, apps[0].Number) || !strings.Contains(work, ap.Number) || !strings.Contains(work, `class="badge substitution"`) {
			t.Error("the substitute does not see the absent officer's applications and appeals as a substitution")
		}
		if work := officer.page(t, "GET", "/work", nil, http.StatusOK); !strings.Contains(work, ap.Number) || strings.Contains(work, `class="badge substitution"`) {
			t.Error("the officer's own work does not list their appeal, or marks it as a substitution")
		}
		login(t, srv, a, "sea-officer").page(t, "GET", "/work", nil, http.StatusOK)

		// take: the next unassigned application of the officer's institutions, by deadline
		loc = officer2.page(t, "POST", "/applications/take", nil, http.StatusSeeOther)
		uuid := strings.TrimPrefix(loc, "/applications/")
		got, err := a.ServiceDesk.Application(as(t, a, "officer2"), uuid)
		if err != nil || got.AssignedTo != "officer2" || got.AssignedBy != "officer2" {
			t.Fatalf("taken %s: %+v %v", loc, got.AssignedTo, err)
		}

		// the API: the same filters, a total, keyset pages
		resp, body := manager.api(t, "GET", "/api/v1/applications?service=02-01-01-00&assignee=officer&limit=1", "")
		if resp.StatusCode != http.StatusOK || body["total"] != float64(2) || body["next"] == nil || len(body["items"].([]any)) != 1 {
			t.Errorf("GET /api/v1/applications: %d %v", resp.StatusCode, body)
		}
		resp, body = manager.api(t, "POST", "/api/v1/applications/assign", `{"ids": ["`+apps[1].UUID+`"], "officer": "officer2"}`)
		if resp.StatusCode != http.StatusOK || len(body["assigned"].([]any)) != 1 {
			t.Errorf("reassign through the API: %d %v", resp.StatusCode, body)
		}
		manager.api(t, "POST", "/api/v1/applications/assign", `{"ids": ["`+apps[1].UUID+`"], "officer": "officer"}`) // back, for the CSV below

		// the filtered list as CSV, recorded
		csv := manager.page(t, "GET", "/applications?format=csv&assignee=officer&service=02-01-01-00", nil, http.StatusOK)
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if len(lines) != 3 || !strings.Contains(csv, apps[0].Number) || !strings.Contains(csv, apps[1].Number) {
			t.Errorf("CSV of officer's applications:\n%s", csv)
		}
		book, err := excelize.OpenReader(strings.NewReader(manager.page(t, "GET", "/applications?format=xlsx&assignee=officer&service=02-01-01-00", nil, http.StatusOK)))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := book.GetRows("applications"); len(rows) != 3 || rows[1][0] != apps[0].Number && rows[2][0] != apps[0].Number {
			t.Errorf("XLSX of officer's applications: %q", rows)
		}
		var n int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'applications list download' AND actor_login = 'manager'`).Scan(&n)
		if n != 2 {
			t.Errorf("%d downloads in the audit log, want 2 (CSV and XLSX)", n)
		}
		var assigned int
		a.DB.QueryRow(`SELECT COUNT(*) FROM application_events WHERE status = 'assigned' AND actor = 'manager'`).Scan(&assigned)
		if assigned != 4 {
			t.Errorf("%d assignment events by the manager, want 4 (two, a reassignment and back)", assigned)
		}
	})
}

// TestAppealsListAndAssignment: the appeals register counts and pages by keyset (every appeal
// once), a manager assigns several at once to an officer (shown on the appeal with who did
// it), a manager of another agency is refused, an officer's take records them as its officer,
// and the filtered register downloads as CSV, in the audit log.
func TestAppealsListAndAssignment(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		staffIn(t, a, "sea-manager", authz.Manager, "SEA")
		officerCtx := as(t, a, "officer")
		var mine []appeals.Appeal
		for range 5 {
			ap, err := a.Appeals.Receive(officerCtx, appealNew("SSPF"))
			if err != nil {
				t.Fatal(err)
			}
			mine = append(mine, ap)
		}
		seen := map[string]int{}
		page := list.Page{Size: 2, Sort: "received"}
		var total int64
		for {
			res, err := a.Appeals.Page(officerCtx, appeals.Filter{OpenOnly: true}, page)
			if err != nil {
				t.Fatal(err)
			}
			total = res.Total
			for _, r := range res.Rows {
				seen[r.UUID]++
			}
			if res.Next == "" {
				break
			}
			a.Appeals.Receive(officerCtx, appealNew("SSPF")) // arrives while the officer reads
			page.After = list.Decode(res.Next)
		}
		for _, ap := range mine {
			if seen[ap.UUID] != 1 {
				t.Errorf("%s listed %d times", ap.Number, seen[ap.UUID])
			}
		}
		if total < 5 {
			t.Errorf("total %d", total)
		}
		var audited int // each page of the register read is in the audit log with the appeals it showed
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'appeals list' AND entity_id LIKE $1`, "%"+mine[0].Number+"%").Scan(&audited)
		if audited == 0 {
			t.Errorf("reading the register is not in the audit log")
		}

		manager, officer := login(t, srv, a, "manager"), login(t, srv, a, "officer")
		assign := url.Values{"id": {mine[0].UUID, mine[1].UUID}, "officer": {"officer"}, "back": {"/appeals?category=benefit_decision"}}
		if loc := manager.page(t, "POST", "/appeals/assign", assign, http.StatusSeeOther); !strings.Contains(loc, "assigned=2") || !strings.Contains(loc, "category=benefit_decision") {
			t.Fatalf("after assigning: %s", loc)
		}
		login(t, srv, a, "sea-manager").page(t, "POST", "/appeals/assign", assign, http.StatusForbidden)
		page2 := manager.page(t, "POST", "/appeals/assign", url.Values{"officer": {"officer"}, "back": {"/appeals"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page2, `id="e-ids"`) {
			t.Error("assigning nothing is not refused at the checkboxes")
		}
		shown := officer.page(t, "GET", "/appeals/"+mine[0].UUID, nil, http.StatusOK)
		if i := strings.Index(shown, `id="appeal-assignee"`); i < 0 || !strings.Contains(shown[i:i+300], ">officer<") || !strings.Contains(shown[i:i+300], "manager") {
			t.Error("the appeal does not say who it is assigned to and by whom")
		}
		officer.page(t, "POST", "/appeals/"+mine[2].UUID+"/take", nil, http.StatusSeeOther)
		if got, _ := a.Appeals.Appeal(officerCtx, mine[2].UUID); got.AssignedTo != "officer" || got.AssignedBy != "officer" {
			t.Errorf("taken appeal assigned to %q by %q", got.AssignedTo, got.AssignedBy)
		}
		csv := manager.page(t, "GET", "/appeals?format=csv&assignee=officer", nil, http.StatusOK)
		if n := len(strings.Split(strings.TrimSpace(csv), "\n")); n != 4 || !strings.Contains(csv, mine[2].Number) {
			t.Errorf("CSV of the officer's appeals (%d lines):\n%s", n, csv)
		}
		var n int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'appeals list download' AND actor_login = 'manager'`).Scan(&n)
		if n != 1 {
			t.Errorf("%d downloads in the audit log, want 1", n)
		}
	})
}

// TestPayrollCyclesPage: the payroll page counts the cycles of the finance officer's
// institutions, pages them by keyset with the filters kept in the link, and filters by
// programme and status; another agency's finance officer counts none of them.
func TestPayrollCyclesPage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		tssa, err := a.ProgramStore.ProgramByCode(context.Background(), "TSSA")
		if err != nil {
			t.Fatal(err)
		}
		finance := as(t, a, "finance")
		for _, m := range []int{10, 11} {
			if _, err := a.Payments.Prepare(finance, tssa.ID, "TSSA", clock.Month{Year: 2026, Month: time.Month(m)}, nil); err != nil {
				t.Fatal(err)
			}
		}
		var total int
		a.DB.QueryRow(`SELECT COUNT(*) FROM payment_cycles`).Scan(&total)
		c := login(t, srv, a, "finance")
		first := c.page(t, "GET", "/payroll?program=TSSA&size=1", nil, http.StatusOK)
		next := regexp.MustCompile(`id="next-page" rel="next" href="([^"]+)"`).FindStringSubmatch(first)
		if next == nil || !strings.Contains(next[1], "program=TSSA") {
			t.Fatalf("no next page keeping the filter")
		}
		second := c.page(t, "GET", html.UnescapeString(next[1]), nil, http.StatusOK)
		ids := regexp.MustCompile(`href="/payroll/cycles/(\d+)"`)
		if a, b := ids.FindStringSubmatch(first), ids.FindStringSubmatch(second); a == nil || b == nil || a[1] == b[1] {
			t.Errorf("pages show %v and %v", a, b)
		}
		res, err := a.Payments.CyclePage(finance, "", "", list.Page{Size: 50})
		if err != nil || res.Total != int64(total) {
			t.Errorf("total %d, want %d (%v)", res.Total, total, err)
		}
		if res, _ := a.Payments.CyclePage(finance, "TSSA", payments.Exported, list.Page{Size: 50}); res.Total != 0 {
			t.Errorf("%d exported cycles", res.Total)
		}
		if res, _ := a.Payments.CyclePage(as(t, a, "sea-finance"), "", "", list.Page{Size: 50}); res.Total != 0 || len(res.Rows) != 0 {
			t.Errorf("another agency counts %d of the SSPF's cycles", res.Total)
		}
	})
}
