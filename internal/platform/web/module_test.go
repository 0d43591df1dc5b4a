package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// TestComposeRegistersDeclaresAndOrders: one module value brings its pages, API operations,
// permissions, navigation (ordered across modules) and home page; the ladder picks the lowest
// priority the principal qualifies for, honours Unless, and falls back.
func TestComposeRegistersDeclaresAndOrders(t *testing.T) {
	const perm, other authz.Permission = "test.compose", "test.other"
	ok := func(w http.ResponseWriter, r *http.Request) {}
	a := Module{
		Name: "a",
		Routes: func(rt Router) {
			rt.Handle("GET /a", perm, ok)
			rt.Handle("POST /files", authz.Public, ok)
			rt.Handle("POST /form", authz.Public, ok)
		},
		Uploads:     map[string]int64{"POST /files": 1 << 20},
		Nav:         []layout.NavItem{{Key: "a", Href: "/a", Permission: perm, Order: 20}},
		Home:        []Home{{Href: "/a", Permission: perm, Unless: other, Priority: 20}},
		Permissions: []authz.Declaration{{Permission: perm, Roles: []authz.Role{authz.Manager}}},
	}
	b := Module{
		Name: "b",
		API: func(api huma.API, routes *[]Route) {
			Register(api, routes, other, huma.Operation{OperationID: "b", Method: http.MethodGet, Path: "/api/b"},
				func(context.Context, *struct{}) (*struct{}, error) { return nil, nil })
		},
		Nav:         []layout.NavItem{{Key: "b", Href: "/b", Permission: other, Order: 10}},
		Home:        []Home{{Href: "/b", Permission: other, Priority: 30}},
		Permissions: []authz.Declaration{{Permission: other, Roles: []authz.Role{authz.Analyst}}},
	}
	mux := http.NewServeMux()
	var routes []Route
	site := Compose(Router{Mux: mux, Routes: &routes}, humago.New(mux, huma.DefaultConfig("t", "1")), []Module{a, b})

	for path, want := range map[string]int{"/files": http.StatusOK, "/form": http.StatusUnsupportedMediaType} {
		req := httptest.NewRequest("POST", path, strings.NewReader("--x\r\n\r\n--x--\r\n"))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		if w.Code != want {
			t.Errorf("multipart POST %s: %d, want %d", path, w.Code, want)
		}
	}
	if !slices.Contains(routes, Route{Method: "GET", Path: "/a", Permission: perm}) || !slices.Contains(routes, Route{Method: "GET", Path: "/api/b", Permission: other}) {
		t.Errorf("routes %v", routes)
	}
	if !authz.Manager.Has(perm) || authz.Manager.Has(other) || !authz.Analyst.Has(other) {
		t.Error("declared permissions not granted to their roles alone")
	}
	if site.nav[0].Href != "/b" || site.nav[1].Href != "/a" {
		t.Errorf("navigation not in order: %v", site.nav)
	}
	for _, c := range []struct {
		p    *authz.Principal
		want string
	}{
		{nil, "/login"},
		{&authz.Principal{Grants: []authz.Grant{{Role: authz.Manager}}}, "/a"},
		{&authz.Principal{Grants: []authz.Grant{{Role: authz.Analyst}}}, "/b"},
		{&authz.Principal{Grants: []authz.Grant{{Role: authz.Manager}, {Role: authz.Analyst}}}, "/b"}, // /a unless other
		{&authz.Principal{Grants: []authz.Grant{{Role: authz.Auditor}}}, "/api/docs"},
	} {
		if got := site.HomeOf(c.p); got != c.want {
			t.Errorf("home of %v: %s, want %s", c.p, got, c.want)
		}
	}

}
