package identityweb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// Session keys of a signed-in citizen.
const (
	sessionPerson     = "citizen_person"
	sessionPersonFIN  = "citizen_fin"
	sessionPersonName = "citizen_name"
	sessionOIDCState  = "oidc_state"
	sessionOIDCNonce  = "oidc_nonce"
	sessionOIDCVerify = "oidc_verifier"
	sessionNext       = "citizen_next"
)

// Citizens finds the person a citizen signs in as.
type Citizens interface {
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
}

// provider is the sign-in provider's configuration, fetched on first use, so that the portal
// starts even while the provider is unreachable, and retried on the next sign-in if it failed.
type provider struct {
	mu sync.Mutex
	p  *oidc.Provider
}

func (h *Handler) discover(ctx context.Context, o *identity.OIDC) (*oidc.Provider, error) {
	h.provider.mu.Lock()
	defer h.provider.mu.Unlock()
	if h.provider.p != nil {
		return h.provider.p, nil
	}
	p, err := oidc.NewProvider(ctx, o.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sign-in provider: %w", err)
	}
	h.provider.p = p
	return p, nil
}

func oauthConfig(o *identity.OIDC, p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"}}
}

// CitizenRoutes registers the citizens' sign-in and sign-out.
func (h *Handler) CitizenRoutes(rt web.Router, citizens Citizens, login identity.CitizenLogin) {
	h.citizens, h.citizenLogin = citizens, login
	rt.Handle("GET /e-social/login", authz.Public, h.citizenLoginPage)
	if login.Demo { // sign-in by FİN alone exists only in a demo: elsewhere there is no such route
		rt.Handle("POST /e-social/login", authz.Public, h.citizenDemoLogin)
	}
	rt.Handle("GET /e-social/oidc/start", authz.Public, h.oidcStart)
	rt.Handle("GET /e-social/oidc/callback", authz.Public, h.oidcCallback)
	rt.Handle("POST /e-social/logout", authz.CitizenSelf, h.citizenLogout)
}

func (h *Handler) citizenLoginPage(w http.ResponseWriter, r *http.Request) {
	if next := web.LocalPath(r.URL.Query().Get("next")); strings.HasPrefix(next, "/e-social") {
		h.sessions.Put(r.Context(), sessionNext, next)
	}
	web.Render(w, r, http.StatusOK, citizenLoginPage(h.citizenLogin.Demo, h.citizenLogin.OIDC != nil, "", ""))
}

// citizenDemoLogin signs a citizen in by FİN alone. It exists only where Demo is set.
func (h *Handler) citizenDemoLogin(w http.ResponseWriter, r *http.Request) {
	if !h.citizenLogin.Demo {
		http.NotFound(w, r) // this installation signs citizens in by single sign-on only
		return
	}
	fin := r.PostFormValue("fin")
	p, err := h.citizens.Person(r.Context(), fin, "portal sign-in")
	if err != nil {
		msg := i18n.T(r.Context(), "portal.login_unknown")
		web.Render(w, r, http.StatusUnauthorized, citizenLoginPage(true, h.citizenLogin.OIDC != nil, fin, msg))
		return
	}
	h.signInCitizen(w, r, p, "demo")
}

func (h *Handler) signInCitizen(w http.ResponseWriter, r *http.Request, p registry.Person, method string) {
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	ctx := r.Context()
	h.sessions.Remove(ctx, sessionUser)
	h.sessions.Put(ctx, sessionPerson, p.ID)
	h.sessions.Put(ctx, sessionPersonFIN, p.FIN)
	h.sessions.Put(ctx, sessionPersonName, p.FirstName+" "+p.LastName)
	pr := citizenPrincipal(p.ID, p.FIN, p.FirstName+" "+p.LastName, "")
	h.audit.Record(authz.With(ctx, pr), audit.Entry{ActorLogin: pr.Login, Action: audit.Login, Purpose: "portal sign-in (" + method + ")",
		Entity: "person", EntityID: p.FIN})
	next := web.LocalPath(h.sessions.PopString(ctx, sessionNext))
	if next == "/" {
		next = "/e-social"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func citizenPrincipal(id int64, fin, name, lang string) *authz.Principal {
	return &authz.Principal{PersonID: id, PersonFIN: fin, Login: "citizen:" + fin, Name: name, Lang: lang,
		Grants: []authz.Grant{{Role: authz.Citizen}}}
}

// citizen returns the principal of a signed-in citizen's session, or nil.
func (h *Handler) citizen(ctx context.Context) *authz.Principal {
	id := h.sessions.GetInt64(ctx, sessionPerson)
	if id == 0 {
		return nil
	}
	return citizenPrincipal(id, h.sessions.GetString(ctx, sessionPersonFIN), h.sessions.GetString(ctx, sessionPersonName), "")
}

// oidcStart sends the citizen to the provider with a fresh state, nonce and PKCE verifier.
func (h *Handler) oidcStart(w http.ResponseWriter, r *http.Request) {
	o := h.citizenLogin.OIDC
	if o == nil {
		http.NotFound(w, r)
		return
	}
	p, err := h.discover(r.Context(), o)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	state, nonce, verifier := random(), random(), oauth2.GenerateVerifier()
	ctx := r.Context()
	h.sessions.Put(ctx, sessionOIDCState, state)
	h.sessions.Put(ctx, sessionOIDCNonce, nonce)
	h.sessions.Put(ctx, sessionOIDCVerify, verifier)
	http.Redirect(w, r, oauthConfig(o, p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// oidcCallback completes sign-in: the state must match, the code is exchanged with the PKCE
// verifier, and the ID token must be signed by the provider, for us, with our nonce.
func (h *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	o := h.citizenLogin.OIDC
	ctx := r.Context()
	state := h.sessions.PopString(ctx, sessionOIDCState)
	nonce := h.sessions.PopString(ctx, sessionOIDCNonce)
	verifier := h.sessions.PopString(ctx, sessionOIDCVerify)
	if o == nil || state == "" || r.URL.Query().Get("state") != state {
		http.Error(w, i18n.T(ctx, "portal.login_failed"), http.StatusBadRequest)
		return
	}
	fin, err := h.exchange(ctx, o, r.URL.Query().Get("code"), verifier, nonce)
	if err != nil {
		slog.Warn("portal sign-in failed", "error", err.Error()) // the reason only: no personal data
		web.Render(w, r, http.StatusUnauthorized, citizenLoginPage(h.citizenLogin.Demo, true, "", i18n.T(ctx, "portal.login_failed")))
		return
	}
	p, err := h.citizens.Person(ctx, fin, "portal sign-in")
	if err != nil {
		web.Render(w, r, http.StatusUnauthorized, citizenLoginPage(h.citizenLogin.Demo, true, "", i18n.T(ctx, "portal.login_unknown")))
		return
	}
	h.signInCitizen(w, r, p, "oidc")
}

func (h *Handler) exchange(ctx context.Context, o *identity.OIDC, code, verifier, nonce string) (string, error) {
	p, err := h.discover(ctx, o)
	if err != nil {
		return "", err
	}
	tok, err := oauthConfig(o, p).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return "", fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", errors.New("no id_token in the token response")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.ClientID}).Verify(ctx, raw)
	if err != nil {
		return "", fmt.Errorf("id token: %w", err)
	}
	if idt.Nonce != nonce {
		return "", errors.New("id token nonce does not match")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return "", err
	}
	claim := o.FINClaim
	if claim == "" {
		claim = "fin"
	}
	fin, _ := claims[claim].(string)
	if fin == "" {
		return "", fmt.Errorf("id token has no %q claim", claim)
	}
	return fin, nil
}

func (h *Handler) citizenLogout(w http.ResponseWriter, r *http.Request) {
	h.sessions.Destroy(r.Context())
	http.Redirect(w, r, "/e-social/login", http.StatusSeeOther)
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
