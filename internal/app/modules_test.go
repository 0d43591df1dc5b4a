package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// TestModulesDeclareTheMatrix: once the system is open, with no HTTP built (as a command
// opens it), the role → permission matrix assembled from the domains' modules is the one
// authz used to hard-code, alert.read included.
func TestModulesDeclareTheMatrix(t *testing.T) {
	a, err := app.New(context.Background(), app.Config{DB: "sqlite:" + filepath.Join(t.TempDir(), "dost.db"), Demo: true, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.API != nil || a.Routes != nil {
		t.Error("New built HTTP")
	}
	want := map[authz.Role][]authz.Permission{
		authz.Admin:             {authz.UserManage, authz.CatalogueManage, authz.Operations, "alert.read"},
		authz.FrontOffice:       {authz.PersonRead, authz.PersonWrite, authz.QueueServe, authz.AppealHandle},
		authz.BackOffice:        {authz.PersonRead, authz.PersonWrite, authz.Decide, authz.AppealHandle},
		authz.SocialWorker:      {authz.PersonRead, authz.PersonWrite},
		authz.EmploymentOfficer: {authz.PersonRead},
		authz.FinanceOfficer:    {authz.PersonRead, authz.PaymentManage},
		authz.Analyst:           {authz.ProgramManage, authz.ServiceReport},
		authz.Auditor:           {authz.AuditRead, "alert.read"},
		authz.Manager:           {authz.PersonRead, authz.Decide, authz.ServiceReport, authz.AppealHandle, servicedesk.Assign, appeals.Assign},
		authz.Citizen:           {authz.CitizenSelf},
	}
	for role, perms := range want {
		got := role.Permissions()
		slices.Sort(got)
		slices.Sort(perms)
		if !slices.Equal(got, perms) {
			t.Errorf("%s carries %v, want %v", role, got, perms)
		}
		// every role and permission a user is shown (a token's scope, a grant) has its words
		for _, key := range append([]string{"role." + string(role)}, keysOf(got)...) {
			for _, lang := range i18n.Languages {
				if i18n.Tr(lang, key, nil) == key {
					t.Errorf("%s has no text in %s", key, lang)
				}
			}
		}
	}
}

func keysOf(perms []authz.Permission) []string {
	out := make([]string, len(perms))
	for i, p := range perms {
		out[i] = "permission." + string(p)
	}
	return out
}

// TestHomeAndNavigationPerRole: "/" sends each demo role where the old ladder did (the analyst
// to the programmes, no longer to the API's documentation) to a page it may open, and the
// back office's navigation is the modules' entries the role may open, in the old order.
func TestHomeAndNavigationPerRole(t *testing.T) {
	a, srv := start(t, demoConfig("sqlite:"+filepath.Join(t.TempDir(), "dost.db")))
	if _, err := a.SeedDemo(context.Background(), 20, 0, nil); err != nil {
		t.Fatal(err)
	}
	order := []string{"/desk", "/persons", "/work", "/applications", "/appeals", "/reports/service", "/programs", "/payroll", "/audit",
		"/admin/users", "/admin/grants", "/admin/services", "/admin/notifications", "/admin/jobs", "/api/docs", "/alerts", "/overrides",
		"/iban-changes", "/admin/two-factor", "/admin/dci-clients", "/admin/dci-exchange", "/account/tokens"}
	homes := map[authz.Role]string{authz.Admin: "/admin/users", authz.FrontOffice: "/desk", authz.BackOffice: "/work",
		authz.SocialWorker: "/persons", authz.EmploymentOfficer: "/persons", authz.FinanceOfficer: "/persons",
		authz.Analyst: "/programs", authz.Auditor: "/audit", authz.Manager: "/persons"}
	nav := regexp.MustCompile(`(?s)<nav[^>]*>(.*?)</nav>`)
	href := regexp.MustCompile(`href="([^"]+)"`)
	for _, acc := range demo.Accounts {
		c := login(t, srv, a, acc.Login)
		resp, err := c.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != homes[acc.Role] {
			t.Errorf("%s: home %s, want %s", acc.Login, got, homes[acc.Role])
		}
		// the home is a page the role works in and may open (the analyst's once was /api/docs)
		home, err := c.Get(srv.URL + homes[acc.Role])
		if err != nil {
			t.Fatal(err)
		}
		home.Body.Close()
		if home.StatusCode != http.StatusOK {
			t.Errorf("%s: home %s answers %s", acc.Login, homes[acc.Role], home.Status)
		}
		resp, err = c.Get(srv.URL + "/account/tokens")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := nav.FindSubmatch(b)
		if resp.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("%s: /account/tokens %d", acc.Login, resp.StatusCode)
		}
		var got, want []string
		for _, h := range href.FindAllSubmatch(m[1], -1) {
			got = append(got, string(h[1]))
		}
		p := &authz.Principal{Grants: []authz.Grant{{Role: acc.Role}}}
		for _, h := range order {
			if p.Can(navPermission(h)) {
				want = append(want, h)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: navigation %v, want %v", acc.Login, got, want)
		}
	}
}

// navPermission is the permission each entry of the old hard-coded navigation needed.
func navPermission(href string) authz.Permission {
	return map[string]authz.Permission{"/desk": authz.QueueServe, "/persons": authz.PersonRead, "/work": authz.Decide, "/applications": authz.Decide,
		"/appeals": authz.AppealHandle, "/reports/service": authz.ServiceReport, "/programs": authz.ProgramManage,
		"/payroll": authz.PaymentManage, "/audit": authz.AuditRead, "/admin/users": authz.UserManage, "/admin/grants": authz.UserManage,
		"/admin/services": authz.CatalogueManage, "/admin/notifications": authz.Operations, "/admin/jobs": authz.Operations, "/api/docs": authz.Authenticated,
		"/alerts": "alert.read", "/overrides": authz.Decide, "/iban-changes": authz.PersonWrite, "/admin/two-factor": authz.UserManage,
		"/admin/dci-clients": authz.UserManage, "/admin/dci-exchange": authz.Operations, "/account/tokens": authz.Authenticated}[href]
}
