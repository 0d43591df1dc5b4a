// Package identityweb serves sign-in, sign-out, the language switch, user administration, and
// the middleware that turns a session cookie or a bearer token into the request's principal.
package identityweb

import (
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/request"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Handler holds what identity's pages need.
type Handler struct {
	ids          *identity.Service
	sessions     *scs.SessionManager
	audit        *audit.Log
	citizens     Citizens
	citizenLogin CitizenLogin
}

// New returns identity's handlers.
func New(ids *identity.Service, sm *scs.SessionManager, a *audit.Log) *Handler {
	return &Handler{ids: ids, sessions: sm, audit: a}
}

const sessionUser = "user_id"

// Authenticate puts the principal of a bearer token or a session (staff or citizen) into the request context,
// with the language the interface should speak. Requests with neither go on anonymous.
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var p *authz.Principal
		if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
			var err error
			if p, err = h.ids.PrincipalByToken(ctx, strings.TrimPrefix(auth, "Bearer ")); err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, "invalid or expired token", http.StatusUnauthorized)
				return
			}
		} else if id := h.sessions.GetInt64(ctx, sessionUser); id != 0 {
			p, _ = h.ids.Principal(ctx, id) // a disabled user is treated as anonymous
		} else {
			p = h.citizen(ctx)
		}
		lang := i18n.FromRequest(r)
		if p != nil {
			ctx = authz.With(ctx, p)
			// The account's language wins in the back office; an API client that asks for
			// a language with Accept-Language gets it.
			if l := i18n.Supported(p.Lang); l != "" && !(strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("Accept-Language") != "") {
				lang = l
			}
		}
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(ctx, lang)))
	})
}

// Routes registers sign-in, sign-out, language and user administration pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /login", authz.Public, h.loginForm)
	rt.Handle("POST /login", authz.Public, h.login)
	rt.Handle("POST /logout", authz.Authenticated, h.logout)
	rt.Handle("POST /lang", authz.Public, h.setLang)
	rt.Handle("GET /admin/users", authz.UserManage, h.users)
	rt.Handle("POST /admin/users", authz.UserManage, h.createUser)
	rt.Handle("POST /admin/users/{id}/active", authz.UserManage, h.toggleActive)
	h.grantRoutes(rt)
	h.accountRoutes(rt)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, loginPage(r.URL.Query().Get("next"), "", ""))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	login, next := r.PostFormValue("login"), r.PostFormValue("next")
	p, err := h.ids.Authenticate(r.Context(), login, r.PostFormValue("password"), clientIP(r))
	switch {
	case err == identity.ErrThrottled:
		web.Render(w, r, http.StatusTooManyRequests, loginPage(next, login, i18n.T(r.Context(), "login.throttled")))
		return
	case err == identity.ErrBadCredentials && h.activationForm(w, r, login, r.PostFormValue("password")):
		return // a first sign-in with an activation code: the owner sets the password
	case err == identity.ErrBadCredentials:
		web.Render(w, r, http.StatusUnauthorized, loginPage(next, login, i18n.T(r.Context(), "login.bad")))
		return
	case err != nil:
		web.HTMLError(w, r, err)
		return
	}
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	h.sessions.Put(r.Context(), sessionUser, p.UserID)
	h.audit.Record(authz.With(r.Context(), p), audit.Entry{ActorID: p.UserID, ActorLogin: p.Login,
		InstitutionID: p.PrimaryInstitution(), Action: audit.Login, Purpose: "sign in", Entity: "session", EntityID: p.Login})
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	h.sessions.Destroy(r.Context())
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the interface language: in a cookie for everyone, and on the account of
// a signed-in user so that it follows them to other devices.
func (h *Handler) setLang(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Supported(r.PostFormValue("lang"))
	if lang == "" {
		lang = "az"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	if p := authz.From(r.Context()); p != nil {
		h.ids.SetLang(r.Context(), p.UserID, lang)
	}
	back := "/"
	if ref := r.Referer(); ref != "" {
		if i := strings.Index(ref, "://"); i >= 0 {
			if j := strings.Index(ref[i+3:], "/"); j >= 0 && strings.HasPrefix(ref[i+3:], r.Host) {
				back = ref[i+3+j:]
			}
		}
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// clientIP is the client's address as Observe worked it out through the trusted proxies.
func clientIP(r *http.Request) string { return request.From(r.Context()).ClientIP }
