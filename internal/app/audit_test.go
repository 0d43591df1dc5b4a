package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/request"
)

// auditRows lists the whole log through GET /api/v1/audit as c, page by page.
func auditRows(t *testing.T, c *client) []map[string]any {
	t.Helper()
	var all []map[string]any
	before := ""
	for {
		resp, body := c.api(t, "GET", "/api/v1/audit?limit=500"+before, "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("audit listing: %d %v", resp.StatusCode, body)
		}
		items, _ := body["items"].([]any)
		for _, it := range items {
			all = append(all, it.(map[string]any))
		}
		if len(items) < 500 {
			return all
		}
		before = "&before=" + strconv.FormatFloat(all[len(all)-1]["id"].(float64), 'f', 0, 64)
	}
}

// TestAttackAuditorMissesNoRow: the ministry's auditor sees every row of the log — staff's,
// an API client's, a citizen's, an anonymous visitor's and the system's — each with its kind;
// an auditor below the top sees the rows of their institution's staff and nothing else.
func TestAttackAuditorMissesNoRow(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		officer := login(t, srv, a, "officer")
		officer.page(t, "GET", "/persons/"+fin, nil, http.StatusOK)
		officer.api(t, "GET", "/api/v1/persons/"+fin, "")
		citizen(t, srv, fin).page(t, "GET", "/e-social", nil, http.StatusOK)
		anon := request.With(ctx, request.Info{ID: "anon-1", ClientIP: "198.51.100.9"})
		if err := a.Audit.Record(anon, audit.For(anon, audit.Read, "certificate verification", "person", fin, "")); err != nil {
			t.Fatal(err)
		}

		var sspf int64
		a.DB.QueryRow(`SELECT id FROM institutions WHERE code = 'SSPF'`).Scan(&sspf)
		if _, err := a.Identity.CreateUser(ctx, identity.NewUser{Login: "auditor_sspf", FullName: "SSPF auditor", Password: demo.Password, Lang: "az",
			Grants: []authz.Grant{{Role: authz.Auditor, InstitutionID: sspf}}}); err != nil {
			t.Fatal(err)
		}
		top := auditRows(t, login(t, srv, a, "auditor"))
		var total int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&total)
		if len(top) != total {
			t.Fatalf("the ministry's auditor sees %d of %d rows", len(top), total)
		}
		kinds := map[string]int{}
		for _, e := range top {
			kinds[e["actor_kind"].(string)]++
		}
		for _, k := range []string{audit.Staff, audit.APIToken, audit.Citizen, audit.Anonymous, audit.System} {
			if kinds[k] == 0 {
				t.Errorf("no %s row among %v", k, kinds)
			}
		}
		if top[0]["client_ip"] == "" || top[0]["request_id"] == "" {
			t.Errorf("newest row without address or request id: %v", top[0])
		}

		below := auditRows(t, login(t, srv, a, "auditor_sspf"))
		var own int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE institution_id = $1`, sspf).Scan(&own)
		if len(below) != own || own == 0 {
			t.Fatalf("SSPF's auditor sees %d rows, want the %d of SSPF's staff", len(below), own)
		}
		page := login(t, srv, a, "auditor").page(t, "GET", "/audit?kind=citizen", nil, http.StatusOK)
		if !strings.Contains(page, "citizen:"+fin) || strings.Contains(page, ">officer<") {
			t.Fatal("the kind filter of /audit does not narrow to citizens' rows")
		}
	})
}

// TestCitizenSeesWhoReadTheirRecord: an officer opens a person's card; that person sees in
// e-social when, which institution and for what purpose — not the officer's login — and
// another citizen does not.
func TestCitizenSeesWhoReadTheirRecord(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin, other string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id DESC LIMIT 1`).Scan(&other)
		login(t, srv, a, "officer").page(t, "GET", "/persons/"+fin, nil, http.StatusOK)

		me := citizen(t, srv, fin)
		page := me.page(t, "GET", "/e-social/access-log", nil, http.StatusOK)
		for _, want := range []string{"Dövlət Sosial Müdafiə Fondu", "Qurumun əməkdaşı", "baxılıb", "şəxsi kartın açılması"} {
			if !strings.Contains(page, want) {
				t.Errorf("the access log lacks %q", want)
			}
		}
		if strings.Contains(page, "officer") {
			t.Error("the access log names the employee")
		}
		me.page(t, "POST", "/lang", map[string][]string{"lang": {"en"}}, http.StatusSeeOther)
		if en := me.page(t, "GET", "/e-social/access-log", nil, http.StatusOK); !strings.Contains(en, "opening your personal file") || !strings.Contains(en, "State Social Protection Fund") {
			t.Error("the access log is not in English")
		}
		if page := citizen(t, srv, other).page(t, "GET", "/e-social/access-log", nil, http.StatusOK); strings.Contains(page, "Social Protection Fund") || strings.Contains(page, "Sosial Müdafiə Fondu") {
			t.Error("another citizen sees the officer's read")
		}
	})
}
