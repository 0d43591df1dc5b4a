// Package identityweb serves sign-in, sign-out, the language switch, user administration, and
// the middleware that turns a session cookie or a bearer token into the request's principal.
package identityweb

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
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
	citizenLogin identity.CitizenLogin
	provider     provider
}

// New returns identity's handlers.
func New(ids *identity.Service, sm *scs.SessionManager, a *audit.Log) *Handler {
	return &Handler{ids: ids, sessions: sm, audit: a}
}

const sessionUser = identity.SessionUserKey

// Authenticate puts the principal of a bearer token or a session (staff or citizen) into the request context,
// with the language the interface should speak. Requests with neither go on anonymous. A token
// that is unknown, expired or revoked is 401; one that could not be looked up (the database
// is down) is 503, so that a client retries instead of discarding a good token. A read-only
// token may only read.
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var p *authz.Principal
		var err error
		if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer "+identity.ClientTokenPrefix) {
			// a machine client's token: the machine route it calls checks it (web.HandleMachine)
		} else if strings.HasPrefix(auth, "Bearer ") {
			p, err = h.ids.PrincipalByToken(ctx, strings.TrimPrefix(auth, "Bearer "))
			switch {
			case errors.Is(err, identity.ErrUnavailable):
				unavailable(w, r, err)
				return
			case err != nil:
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, "invalid or expired token", http.StatusUnauthorized)
				return
			case p.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead:
				w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope"`)
				http.Error(w, i18n.Tr(i18n.FromRequest(r), "token.read_only_denied", nil), http.StatusForbidden)
				return
			}
			if err := h.ids.Admitted(ctx, p); err != nil {
				if !errors.Is(err, fail.ErrForbidden) {
					unavailable(w, r, err)
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, i18n.Tr(i18n.FromRequest(r), "totp.enrol_required", nil), http.StatusUnauthorized)
				return
			}
			ctx = audit.ViaToken(ctx) // the audit log records the actor as an API client
		} else if id := h.sessions.GetInt64(ctx, sessionUser); id != 0 {
			p, err = h.ids.Principal(ctx, id) // a disabled user is treated as anonymous
			if err == nil {
				err = h.ids.Admitted(ctx, p) // and so is one whose roles now need a second factor
			}
			if err != nil && !errors.Is(err, fail.ErrForbidden) && !errors.Is(err, fail.ErrNotFound) {
				unavailable(w, r, err)
				return
			}
			if err != nil {
				p = nil
			}
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
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(h.withShortNames(ctx), lang)))
	})
}

// unavailable answers 503 when credentials could not be checked, asking the client to retry.
func unavailable(w http.ResponseWriter, r *http.Request, err error) {
	slog.ErrorContext(r.Context(), "credentials could not be checked", "request_id", web.RequestID(r.Context()), "error", err.Error())
	w.Header().Set("Retry-After", "5")
	http.Error(w, i18n.Tr(i18n.FromRequest(r), "signin.unavailable", nil), http.StatusServiceUnavailable)
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
	h.TwoFactorRoutes(rt)
	h.ResetRoutes(rt)
	h.TokenRoutes(rt)
	h.grantRoutes(rt)
	h.accountRoutes(rt)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, loginPage(web.LocalPath(r.URL.Query().Get("next")), "", ""))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	login, next := r.PostFormValue("login"), web.LocalPath(r.PostFormValue("next"))
	p, err := h.ids.Authenticate(ctx, login, r.PostFormValue("password"), clientIP(r))
	switch {
	case errors.Is(err, identity.ErrThrottled):
		web.Render(w, r, http.StatusTooManyRequests, loginPage(next, login, i18n.T(ctx, "login.throttled")))
		return
	case errors.Is(err, identity.ErrBadCredentials) && h.activationForm(w, r, login, r.PostFormValue("password")):
		return // a first sign-in with an activation code: the owner sets the password
	case errors.Is(err, identity.ErrBadCredentials):
		web.Render(w, r, http.StatusUnauthorized, loginPage(next, login, i18n.T(ctx, "login.bad")))
		return
	case errors.Is(err, identity.ErrBusy):
		w.Header().Set("Retry-After", "2")
		web.Render(w, r, http.StatusServiceUnavailable, loginPage(next, login, i18n.T(ctx, "signin.busy")))
		return
	case err != nil:
		web.HTMLError(w, r, err)
		return
	}
	factor, err := h.ids.SecondFactorFor(ctx, p)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	switch factor {
	case identity.FactorCode:
		h.pend(ctx, sessionPendingCode, p.UserID, next)
		http.Redirect(w, r, "/login/code", http.StatusSeeOther)
	case identity.FactorEnrol:
		h.pend(ctx, sessionPendingEnrol, p.UserID, next)
		http.Redirect(w, r, "/login/two-factor", http.StatusSeeOther)
	default:
		h.signIn(w, r, p, next)
	}
}

// signIn makes the session a staff session of p, audits it and goes on to next.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, p *authz.Principal, next string) {
	h.establish(r.Context(), p)
	http.Redirect(w, r, web.LocalPath(next), http.StatusSeeOther)
}

// establish makes the session (already under a new token) a staff session of p, and audits it.
func (h *Handler) establish(ctx context.Context, p *authz.Principal) {
	h.sessions.Remove(ctx, sessionPendingCode)
	h.sessions.Remove(ctx, sessionPendingEnrol)
	h.sessions.Remove(ctx, sessionPendingAt)
	h.sessions.Remove(ctx, sessionPendingNext)
	h.sessions.Put(ctx, sessionUser, p.UserID)
	h.audit.Record(authz.With(ctx, p), audit.Entry{ActorID: p.UserID, ActorLogin: p.Login,
		InstitutionID: p.PrimaryInstitution(), Action: audit.Login, Purpose: "sign in", Entity: "session", EntityID: p.Login})
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
	http.Redirect(w, r, web.LocalPath(back), http.StatusSeeOther)
}

// clientIP is the client's address as Observe worked it out through the trusted proxies.
func clientIP(r *http.Request) string { return request.From(r.Context()).ClientIP }
