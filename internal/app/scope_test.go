package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/banktest"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// scopedPrefixes are the routes that touch an institution's records: programmes' decisions
// and entitlements, payroll, appeals and applications. Every registered route under them
// must be in the institution-mismatch table below, or exempt with a reason, so that a route
// added later without a scope check fails TestAttackAnotherInstitutionsRecords.
var scopedPrefixes = []string{"/persons/{fin}/benefits", "/decisions", "/entitlements", "/payroll", "/appeals", "/applications", "/programs", "/work",
	"/api/v1/decisions", "/api/v1/entitlements", "/api/v1/payroll", "/api/v1/appeals", "/api/v1/applications", "/api/v1/programs",
	"/dci/"}

// scopeExempt are the routes under scopedPrefixes that act on no one institution's records.
var scopeExempt = map[string]string{
	"GET /persons/{fin}/benefits":                           "a person's file across programmes is a registry read (national); deciding from it is checked",
	"GET /appeals/new":                                      "the intake form",
	"POST /appeals":                                         "intake: any front office registers an appeal addressed to any agency",
	"POST /api/v1/appeals":                                  "intake: the call centre registers an appeal addressed to any agency",
	"GET /applications/new":                                 "the intake form",
	"POST /applications/take":                               "names no record: takes the next from the officer's own institutions' queue (TestAssignTakeAndMyWork)",
	"POST /appeals/take":                                    "names no record: takes the next from the officer's own institutions' appeals (TestTakeNextAppeal)",
	"POST /applications":                                    "intake: a centre files an application for any agency's service",
	"POST /api/v1/applications":                             "intake: a centre files an application for any agency's service",
	"GET /programs":                                         "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs":                                        "programme definitions and rules are the ministry's policy, written by its analysts",
	"GET /programs/{code}":                                  "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs/{code}/params":                          "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs/{code}/rules":                           "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs/{code}/rules/check":                     "programme definitions and rules are the ministry's policy, written by its analysts",
	"GET /programs/{code}/rules/diff":                       "programme definitions and rules are the ministry's policy, written by its analysts",
	"GET /api/v1/programs":                                  "the list of programmes is public knowledge",
	"GET /api/v1/programs/{code}/rules":                     "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /api/v1/programs/{code}/rules":                    "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs/{code}/rules/{version}/activate":        "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /api/v1/programs/{code}/rules/{version}/activate": "programme definitions and rules are the ministry's policy, written by its analysts",
	"POST /programs/{code}/rules/{version}/dry-run":         "a dry run shows aggregates only (TestAttackAnalystReadsPersonsThroughDryRunSamples)",
	"GET /programs/{code}/dry-runs/{id}":                    "a dry run shows aggregates only",
	"POST /api/v1/programs/{code}/rules/{version}/dry-run":  "a dry run shows aggregates only",
	"POST /api/v1/programs/{code}/rules/{version}/dry-runs": "a dry run shows aggregates only",
	"GET /api/v1/programs/{code}/dry-runs":                  "a dry run shows aggregates only",
	"GET /api/v1/programs/{code}/dry-runs/{id}":             "a dry run shows aggregates only",
	// DCI machine routes: no member of staff reaches them (TestRoleRouteMatrix); another
	// institution's client is refused by TestDCIRefusals (its token with another client's
	// signature, sender or key) and reads only its own transactions (txn/status by client).
	"POST /dci/oauth2/token":             "a client's own credentials only; TestDCIRefusals",
	"POST /dci/registry/sync/search":     "machine route; TestDCIRefusals is its other-institution attack",
	"POST /dci/registry/search":          "machine route; TestDCIRefusals is its other-institution attack",
	"POST /dci/registry/sync/txn/status": "machine route; a client finds only its own transactions (TestDCIRefusals)",
	"POST /dci/registry/subscribe":       "machine route; TestDCIRefusals is its other-institution attack",
	"POST /dci/registry/unsubscribe":     "machine route; only the client's own codes end (interopdb.Unsubscribe by client)",
}

// scopeCase is one route tried by a member of staff holding the right role in another
// institution (wrong: refused with 403) and by one in the institution that owns the record
// (right: gets through). For a list, both get the page and only the right one finds shows.
type scopeCase struct {
	route        string // the registered "METHOD pattern"
	path, body   string // the request: JSON for the API, a form (or a multipart file) for pages
	back         string // a multipart upload from the cycle page with this id, when set
	wrong, right string
	shows        string // for a list: what only the right one may see
}

// send makes one request as c and answers its status and body.
func send(t *testing.T, c *client, method, path, body, back string) (int, string) {
	t.Helper()
	var req *http.Request
	switch {
	case strings.HasPrefix(path, "/api/"):
		req, _ = http.NewRequest(method, c.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if strings.HasSuffix(path, "/statements") {
			req.Header.Set("Content-Type", "application/xml")
		}
		req.Header.Set("Authorization", "Bearer "+c.token)
	case back != "":
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("back", back)
		f, _ := w.CreateFormFile("statement", "statement.xml")
		f.Write([]byte(body))
		w.Close()
		req, _ = http.NewRequest(method, c.base+path, &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
	default:
		req, _ = http.NewRequest(method, c.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	return resp.StatusCode, out.String()
}

// TestAttackAnotherInstitutionsRecords: staff of the State Employment Agency holding the
// very roles that decide, pay and answer appeals try the SSPF's programme, payroll, appeals
// and applications through every route that reaches them. Each is refused with 403 (and
// sees nothing of them in a list), while the SSPF's own staff get through. A route under
// those prefixes missing from the table fails the test.
func TestAttackAnotherInstitutionsRecords(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		staffIn(t, a, "sea-officer", authz.BackOffice, "SEA")
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		staffIn(t, a, "sea-front", authz.FrontOffice, "SEA")
		staffIn(t, a, "sea-manager", authz.Manager, "SEA")
		cases := scopeRecords(t, a, srv)

		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.route] = true
		}
		for _, r := range a.Routes {
			key := r.Method + " " + r.Path
			for _, p := range scopedPrefixes {
				if strings.HasPrefix(r.Path, p) && !covered[key] && scopeExempt[key] == "" {
					t.Errorf("%s touches an institution's records and is not in the institution-mismatch table", key)
				}
			}
		}

		clients := map[string]*client{}
		who := func(user string) *client {
			if clients[user] == nil {
				clients[user] = login(t, srv, a, user)
			}
			return clients[user]
		}
		for _, c := range cases {
			status, body := send(t, who(c.wrong), methodOf(c.route), c.path, c.body, c.back)
			if c.shows != "" {
				if status != http.StatusOK || strings.Contains(body, c.shows) {
					t.Errorf("%s as %s: %d, shows %q: another institution's records are listed", c.route, c.wrong, status, c.shows)
				}
			} else if status != http.StatusForbidden {
				t.Errorf("%s as %s (another institution): %d, want 403\n%.300s", c.route, c.wrong, status, body)
			}
			status, body = send(t, who(c.right), methodOf(c.route), c.path, c.body, c.back)
			if status == http.StatusUnauthorized || status == http.StatusForbidden || (c.shows != "" && !strings.Contains(body, c.shows)) {
				t.Errorf("%s as %s (its own institution): %d, shows %q: %v\n%.300s", c.route, c.right, status, c.shows, strings.Contains(body, c.shows), body)
			}
		}
	})
}

func methodOf(route string) string { return strings.Fields(route)[0] }

// appealNew is an appeal registered at a centre, addressed to the institution with code.
func appealNew(code string) appeals.New {
	return appeals.New{Channel: "centre", Applicant: "Əliyev Vüqar", Contact: "+994501112233", Category: "benefit_decision",
		Subject: "TSSA amount", Body: "I think the amount is too low for my family.", Institution: code}
}

// scopeRecords makes the SSPF's records — a decision, an entitlement, an exported cycle with
// its file and a statement, an appeal, an application — and the table of routes reaching them.
func scopeRecords(t *testing.T, a *app.App, srv *httptest.Server) []scopeCase {
	ctx := context.Background()
	officer, finance, finance2 := as(t, a, "officer"), as(t, a, "finance"), as(t, a, "finance2")
	var fin string
	a.DB.QueryRow(`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id AND m.relationship = 'head'
		WHERE p.death_date IS NULL ORDER BY p.id LIMIT 1`).Scan(&fin)
	utilityOnRecord(t, a, fin)
	dec, err := a.Programs.Decide(officer, "TSSA", fin, clock.NewDate(2026, 11, 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := demoEntitlements(a, 20); err != nil {
		t.Fatal(err)
	}
	var ent string
	a.DB.QueryRow(`SELECT uuid FROM entitlements WHERE status = 'active' ORDER BY id LIMIT 1`).Scan(&ent)

	tssa, _ := a.ProgramStore.ProgramByCode(ctx, "TSSA")
	cyc, err := a.Payments.Prepare(finance, tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Payments.Approve(finance2, cyc.ID); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(cyc.ID, 10)
	resp, files := login(t, srv, a, "finance2").api(t, http.MethodPost, "/api/v1/payroll/cycles/"+id+"/export", `{"format": "pain.001.001.09"}`)
	items, _ := files["items"].([]any)
	if resp.StatusCode != http.StatusOK || len(items) == 0 {
		t.Fatalf("export: %d %v", resp.StatusCode, files)
	}
	fileURL := items[0].(map[string]any)["url"].(string)
	lines := allLines(t, a, cyc.ID, payments.LinePending)
	var transfers []banktest.Transfer
	for _, l := range lines {
		transfers = append(transfers, banktest.Transfer{EndToEndID: l.EndToEndID, Amount: l.Net})
	}
	stmt := func(id string) string { return banktest.Camt054(id, app.DemoPayer.IBAN, transfers) }

	ap, err := a.Appeals.Receive(officer, appealNew("SSPF"))
	if err != nil {
		t.Fatal(err)
	}
	front := as(t, a, "front")
	appl, err := a.ServiceDesk.File(front, servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: fin, Channel: servicedesk.ChannelCentre, Lang: "en",
		Documents: tssaDocuments()})
	if err != nil {
		t.Fatal(err)
	}
	var doc int64
	a.DB.QueryRow(`SELECT d.id FROM application_documents d JOIN applications a ON a.id = d.application_id WHERE a.uuid = $1`, appl.UUID).Scan(&doc)

	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	line := lines[0].EndToEndID
	return []scopeCase{
		{route: "POST /persons/{fin}/benefits", path: "/persons/" + fin + "/benefits", body: form("program", "TSSA", "date", "2026-11-01"), wrong: "sea-officer", right: "officer"},
		{route: "POST /api/v1/decisions", path: "/api/v1/decisions", body: fmt.Sprintf(`{"program": "TSSA", "fin": %q, "date": "2026-11-01"}`, fin), wrong: "sea-officer", right: "officer"},
		{route: "GET /api/v1/decisions/{uuid}", path: "/api/v1/decisions/" + dec.UUID, wrong: "sea-officer", right: "officer"},
		{route: "POST /decisions/{uuid}/override", path: "/decisions/" + dec.UUID + "/override", body: form("fin", fin, "outcome", "refused", "reason", "documents were forged, refused"), wrong: "sea-officer", right: "officer"},
		{route: "POST /api/v1/decisions/{uuid}/override", path: "/api/v1/decisions/" + dec.UUID + "/override", body: `{"outcome": "refused", "reason": "documents were forged, refused"}`, wrong: "sea-officer", right: "officer"},
		{route: "POST /entitlements/{uuid}/status", path: "/entitlements/" + ent + "/status", body: form("fin", fin, "status", "suspended", "reason", "inspection", "from", "2026-12-01"), wrong: "sea-officer", right: "officer"},
		{route: "POST /api/v1/entitlements/{uuid}/status", path: "/api/v1/entitlements/" + ent + "/status", body: `{"status": "terminated", "reason": "moved abroad", "from": "2026-12-01"}`, wrong: "sea-officer", right: "officer"},

		{route: "GET /payroll", path: "/payroll", wrong: "sea-finance", right: "finance", shows: `href="/payroll/cycles/` + id + `"`},
		{route: "POST /payroll/cycles", path: "/payroll/cycles", body: form("program", "TSSA", "period", "2026-11"), wrong: "sea-finance", right: "finance"},
		{route: "POST /api/v1/payroll/cycles", path: "/api/v1/payroll/cycles", body: `{"program": "TSSA", "period": "2026-11"}`, wrong: "sea-finance", right: "finance"},
		{route: "GET /payroll/cycles/{id}", path: "/payroll/cycles/" + id, wrong: "sea-finance", right: "finance"},
		{route: "GET /payroll/cycles/{id}/print", path: "/payroll/cycles/" + id + "/print", wrong: "sea-finance", right: "finance"},
		{route: "GET /api/v1/payroll/cycles/{id}", path: "/api/v1/payroll/cycles/" + id, wrong: "sea-finance", right: "finance"},
		{route: "GET /payroll/cycles/{id}/lines", path: "/payroll/cycles/" + id + "/lines?format=csv", wrong: "sea-finance", right: "finance"},
		{route: "GET /api/v1/payroll/cycles/{id}/lines", path: "/api/v1/payroll/cycles/" + id + "/lines", wrong: "sea-finance", right: "finance"},
		{route: "POST /payroll/cycles/{id}/approve", path: "/payroll/cycles/" + id + "/approve", wrong: "sea-finance", right: "finance2"},
		{route: "POST /api/v1/payroll/cycles/{id}/approve", path: "/api/v1/payroll/cycles/" + id + "/approve", wrong: "sea-finance", right: "finance2"},
		{route: "POST /payroll/cycles/{id}/export", path: "/payroll/cycles/" + id + "/export", body: form("format", "pain.001.001.09"), wrong: "sea-finance", right: "finance2"},
		{route: "POST /api/v1/payroll/cycles/{id}/export", path: "/api/v1/payroll/cycles/" + id + "/export", body: `{"format": "pain.001.001.09"}`, wrong: "sea-finance", right: "finance2"},
		{route: "GET /payroll/files/{id}/{name}", path: fileURL, wrong: "sea-finance", right: "finance"},
		{route: "POST /payroll/cycles/{id}/cancel", path: "/payroll/cycles/" + id + "/cancel", body: form(), wrong: "sea-finance", right: "finance"},
		{route: "POST /payroll/cycles/{id}/lines/{line}", path: "/payroll/cycles/" + id + "/lines/" + line, body: form("action", "defer", "note", "wait"), wrong: "sea-finance", right: "finance"},
		{route: "POST /api/v1/payroll/cycles/{id}/lines/{line}/resolve", path: "/api/v1/payroll/cycles/" + id + "/lines/" + line + "/resolve", body: `{"action": "defer", "note": "wait"}`, wrong: "sea-finance", right: "finance"},
		{route: "POST /payroll/statements", path: "/payroll/statements", body: stmt("STMT-SCOPE-1"), back: id, wrong: "sea-finance", right: "finance"},
		{route: "POST /api/v1/payroll/statements", path: "/api/v1/payroll/statements", body: stmt("STMT-SCOPE-2"), wrong: "sea-finance", right: "finance"},

		{route: "GET /appeals", path: "/appeals", wrong: "sea-front", right: "officer", shows: ap.Number},
		{route: "GET /appeals/stats", path: "/appeals/stats", wrong: "sea-front", right: "officer", shows: ">DSMF<"},
		{route: "GET /api/v1/appeals/stats", path: "/api/v1/appeals/stats", wrong: "sea-front", right: "officer", shows: `"SSPF"`},
		{route: "GET /appeals/{uuid}", path: "/appeals/" + ap.UUID, wrong: "sea-front", right: "officer"},
		{route: "POST /appeals/assign", path: "/appeals/assign", body: form("id", ap.UUID, "officer", "officer", "back", "/appeals"), wrong: "sea-manager", right: "manager"},
		{route: "POST /appeals/{uuid}/{action}", path: "/appeals/" + ap.UUID + "/take", wrong: "sea-front", right: "officer"},

		{route: "GET /applications", path: "/applications", wrong: "sea-officer", right: "officer", shows: appl.Number},
		{route: "GET /applications/{uuid}", path: "/applications/" + appl.UUID, wrong: "sea-officer", right: "officer"},
		{route: "POST /applications/assign", path: "/applications/assign", body: form("id", appl.UUID, "officer", "officer", "back", "/applications"), wrong: "sea-manager", right: "manager"},
		{route: "GET /api/v1/applications", path: "/api/v1/applications?service=02-01-01-00", wrong: "sea-officer", right: "officer", shows: appl.Number},
		{route: "POST /api/v1/applications/assign", path: "/api/v1/applications/assign", body: fmt.Sprintf(`{"ids": [%q], "officer": "officer"}`, appl.UUID), wrong: "sea-manager", right: "manager"},
		{route: "GET /work", path: "/work", wrong: "sea-officer", right: "officer", shows: appl.Number}, // assigned to officer just above
		{route: "GET /api/v1/applications/{uuid}", path: "/api/v1/applications/" + appl.UUID, wrong: "sea-officer", right: "officer"},
		{route: "GET /applications/{uuid}/documents/{id}", path: "/applications/" + appl.UUID + "/documents/" + strconv.FormatInt(doc, 10), wrong: "sea-officer", right: "officer"},
		{route: "GET /applications/{uuid}/receipt", path: "/applications/" + appl.UUID + "/receipt", wrong: "sea-officer", right: "officer"},
		{route: "GET /applications/{uuid}/letter", path: "/applications/" + appl.UUID + "/letter", wrong: "sea-officer", right: "officer"},
		{route: "GET /api/v1/applications/{uuid}/letter", path: "/api/v1/applications/" + appl.UUID + "/letter", wrong: "sea-officer", right: "officer"},
		{route: "POST /applications/{uuid}/move", path: "/applications/" + appl.UUID + "/move", body: form("to", "in_review"), wrong: "sea-officer", right: "officer"},
		{route: "POST /api/v1/applications/{uuid}/status", path: "/api/v1/applications/" + appl.UUID + "/status", body: `{"to": "in_review"}`, wrong: "sea-officer", right: "officer"},
	}
}
