package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Route is one registered page or API operation and the permission it needs. The app keeps
// the list so that a test can walk every route for every role.
type Route struct {
	Method     string
	Path       string
	Permission authz.Permission
}

// Router registers UI routes, each behind Require and a body limit. The modules name, by
// pattern, the routes that take files (Module.Uploads, gathered by Compose); the composition
// root names those limited per client address, whose limiters pages and API share.
type Router struct {
	Mux    *http.ServeMux
	Routes *[]Route
	// Uploads are the routes that take files, with their body limit; every other page takes
	// a form of at most FormLimit and refuses multipart bodies.
	Uploads map[string]int64
	// Limits are the routes rate-limited per client address.
	Limits map[string]*Limiter
}

// Handle registers h for "METHOD /path" behind the rate limit, the permission check and the
// body rule of its class, in that order: a refused visitor's body is never read.
func (rt Router) Handle(pattern string, perm authz.Permission, h http.HandlerFunc) {
	method, path, _ := strings.Cut(pattern, " ")
	*rt.Routes = append(*rt.Routes, Route{Method: method, Path: path, Permission: perm})
	var next http.Handler = form(h)
	if limit, ok := rt.Uploads[pattern]; ok {
		next = upload(limit, h)
	}
	next = Require(perm, next)
	if l := rt.Limits[pattern]; l != nil {
		next = l.Wrap(next)
	}
	rt.Mux.Handle(pattern, next)
}

// Require is the authorisation check point for pages: an anonymous visitor is sent to the
// login page, a logged-in one without the permission gets 403.
func Require(perm authz.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := authz.From(r.Context())
		if p.Can(perm) {
			next.ServeHTTP(w, r)
			return
		}
		if p == nil || (perm == authz.CitizenSelf && p.PersonID == 0) {
			http.Redirect(w, r, loginPage(perm)+"?next="+url.QueryEscape(LocalPath(r.URL.RequestURI())), http.StatusSeeOther)
			return
		}
		HTMLError(w, r, fail.ErrForbidden)
	})
}

// loginPage is where a visitor signs in for perm: citizens in the portal, staff at /login.
func loginPage(perm authz.Permission) string {
	if perm == authz.CitizenSelf {
		return "/e-social/login"
	}
	return "/login"
}

// LocalPath returns next if it is a path on this site, and "/" otherwise. It is the one check
// for every "next" a sign-in redirects to. Browsers read a backslash as a slash and drop tabs
// and newlines inside a URL, so "/\evil.example" or "/<TAB>/evil.example" lead to another
// host: a path must start with one slash, contain no backslash or control character (raw or
// percent-encoded), and parse with neither scheme nor host.
func LocalPath(next string) string {
	if len(next) > 2048 || !localPath(next) {
		return "/"
	}
	if decoded, err := url.PathUnescape(next); err != nil || !localPath(decoded) {
		return "/"
	}
	return next
}

func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	if strings.ContainsFunc(p, func(c rune) bool { return c < 0x20 || c == 0x7f || c == '\\' }) {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// PermissionMeta is the huma operation metadata key that holds the permission.
const PermissionMeta = "permission"

// Register adds an API operation that needs perm. It is huma.Register with the permission
// recorded for RequireAPI and for the route list the role × route test walks.
func Register[I, O any](api huma.API, routes *[]Route, perm authz.Permission, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[PermissionMeta] = perm
	if perm != authz.Public {
		op.Security = []map[string][]string{{"bearer": {}}, {"session": {}}}
	}
	*routes = append(*routes, Route{Method: op.Method, Path: op.Path, Permission: perm})
	huma.Register(api, op, h)
}

// RequireAPI is the authorisation check point for the JSON API, as huma middleware: every
// operation must declare a permission, or it is refused.
func RequireAPI(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		perm, _ := ctx.Operation().Metadata[PermissionMeta].(authz.Permission)
		p := authz.From(ctx.Context())
		switch {
		case perm == "":
			huma.WriteErr(api, ctx, http.StatusForbidden, "operation declares no permission")
		case p.Can(perm):
			next(ctx)
		case p == nil:
			huma.WriteErr(api, ctx, http.StatusUnauthorized, i18n.T(ctx.Context(), "error.unauthorized"))
		default:
			huma.WriteErr(api, ctx, http.StatusForbidden, i18n.T(ctx.Context(), "error.forbidden"))
		}
	}
}
