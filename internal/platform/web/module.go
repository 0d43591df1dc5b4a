package web

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is everything one domain adds to the web, declared in one value by the domain's web
// package: its pages, its API operations, its navigation entries, its home page, and the
// permissions it introduces with the roles they are granted to by default. The composition
// root only lists the modules; Compose and Declare do the rest, so that a new domain touches
// no shared file but that list.
type Module struct {
	Name        string
	Routes      func(Router)             // pages; nil for none
	Uploads     map[string]int64         // its pages that take files ("POST /path"), with their body limits
	API         func(huma.API, *[]Route) // API operations; nil for none
	Nav         []layout.NavItem         // entries in the staff or the portal navigation
	Home        []Home                   // where "/" sends those holding a permission
	Permissions []authz.Declaration      // the permissions the domain introduces, with their default roles
}

// Home is a module's claim on the front page: a signed-in user holding Permission (and not
// Unless, when set) is sent to Href; of several claims, the lowest Priority wins.
type Home struct {
	Href       string
	Permission authz.Permission
	Unless     authz.Permission
	Priority   int
}

// Declare grants the permissions every module introduces to their default roles. The
// composition root calls it when it opens the system, before any HTTP is built, so that a
// command checking a permission sees the same matrix as the web.
func Declare(mods []Module) {
	for _, m := range mods {
		authz.Declare(m.Permissions...)
	}
}

// Site is what the composed modules share: the navigation and the home-page ladder.
type Site struct {
	nav    []layout.NavItem
	homes  []Home
	mux    *http.ServeMux
	routes *[]Route
	perms  func() map[string]authz.Permission // by route pattern, once every route is in
	// Fallback is where a signed-in user whom no module claims is sent.
	Fallback string
}

// Compose registers every module's pages and API operations, declares their permissions, and
// gathers their navigation (by Order) and home pages (by Priority).
func Compose(rt Router, api huma.API, mods []Module) *Site {
	Declare(mods)
	uploads := maps.Clone(rt.Uploads)
	if uploads == nil {
		uploads = map[string]int64{}
	}
	for _, m := range mods {
		maps.Copy(uploads, m.Uploads)
	}
	rt.Uploads = uploads
	s := &Site{Fallback: "/api/docs", mux: rt.Mux, routes: rt.Routes}
	s.perms = sync.OnceValue(s.permissions)
	for _, m := range mods {
		if m.Routes != nil {
			m.Routes(rt)
		}
		if m.API != nil {
			m.API(api, rt.Routes)
		}
		s.nav = append(s.nav, m.Nav...)
		s.homes = append(s.homes, m.Home...)
	}
	slices.SortStableFunc(s.nav, func(a, b layout.NavItem) int { return cmp.Compare(a.Order, b.Order) })
	slices.SortStableFunc(s.homes, func(a, b Home) int { return cmp.Compare(a.Priority, b.Priority) })
	return s
}

// Frame hands the navigation to every page the request renders, through its context.
func (s *Site) Frame(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := layout.WithLinks(layout.WithNav(r.Context(), s.nav), s.canOpen)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// canOpen finds the route that would serve GET path and asks whether the user of ctx has its
// permission: the same mux and the same check as the request itself.
func (s *Site) canOpen(ctx context.Context, path string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return false
	}
	_, pattern := s.mux.Handler(req)
	perm, ok := s.perms()[pattern]
	return ok && authz.From(ctx).Can(perm)
}

func (s *Site) permissions() map[string]authz.Permission {
	perms := map[string]authz.Permission{}
	for _, r := range *s.routes {
		perms[r.Method+" "+r.Path] = r.Permission
	}
	return perms
}

// Home sends a signed-in user to the first page a module claims for them, others to sign in.
func (s *Site) Home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, s.HomeOf(authz.From(r.Context())), http.StatusSeeOther)
}

// HomeOf is the page "/" sends p to.
func (s *Site) HomeOf(p *authz.Principal) string {
	if p == nil {
		return "/login"
	}
	for _, h := range s.homes {
		if p.Can(h.Permission) && (h.Unless == "" || !p.Can(h.Unless)) {
			return h.Href
		}
	}
	return s.Fallback
}
