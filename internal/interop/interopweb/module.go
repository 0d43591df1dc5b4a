// Package interopweb serves the DCI Social Registry API under /dci/ (machine routes, called
// by other institutions' systems with a bearer token and signed messages), its token
// endpoint, and the operators' page of agreements.
package interopweb

import (
	"errors"
	"net/http"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Handler holds what the exchange's routes need.
type Handler struct {
	svc     *interop.Service
	clients *identity.Clients
	clock   clock.Clock
}

// New returns the exchange's handlers.
func New(svc *interop.Service, clients *identity.Clients, c clock.Clock) *Handler {
	return &Handler{svc: svc, clients: clients, clock: c}
}

// Module is the exchange's routes, navigation and permission: the DCI routes are machine
// routes holding interop.Exchange, which only the Machine role carries.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name: "interop",
		Routes: func(rt web.Router) {
			rt.Handle("POST /dci/oauth2/token", authz.Public, h.token)
			rt.HandleMachine("POST /dci/registry/sync/search", interop.Exchange, h.machine(), h.syncSearch)
			rt.HandleMachine("POST /dci/registry/sync/txn/status", interop.Exchange, h.machine(), h.syncTxnStatus)
			rt.HandleMachine("POST /dci/registry/search", interop.Exchange, h.machine(), h.search)
			rt.HandleMachine("POST /dci/registry/subscribe", interop.Exchange, h.machine(), h.ack("subscribe", "on-subscribe", h.svc.Subscribe))
			rt.HandleMachine("POST /dci/registry/unsubscribe", interop.Exchange, h.machine(), h.ack("unsubscribe", "on-unsubscribe", h.svc.Unsubscribe))
			rt.Handle("GET /admin/dci-clients", interop.ExchangeManage, h.clientsPage)
			rt.Handle("POST /admin/dci-clients", interop.ExchangeManage, h.registerClient)
			rt.Handle("POST /admin/dci-clients/{client}/revoke", interop.ExchangeManage, h.revokeClient)
			rt.Handle("POST /admin/dci-clients/{client}/remove-key", interop.ExchangeManage, h.removeKey)
			rt.Handle("GET /admin/dci-exchange", authz.Operations, h.exchangePageView)
			rt.Handle("POST /admin/dci-exchange/{id}/retry", authz.Operations, h.retry)
		},
		Nav: []layout.NavItem{{Key: "nav.dci_clients", Href: "/admin/dci-clients", Permission: interop.ExchangeManage, Order: 175},
			{Key: "nav.dci_exchange", Href: "/admin/dci-exchange", Permission: authz.Operations, Order: 176}},
		Permissions: []authz.Declaration{{Permission: interop.Exchange, Roles: []authz.Role{authz.Machine}}},
	}
}

// tokenResponse is the OAuth 2.0 access token response (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// token is the OAuth 2.0 token endpoint for the client credentials grant: client_id and
// client_secret in HTTP Basic authentication or in the form. Missing parameters are
// invalid_request (400), wrong, unknown or expired credentials invalid_client (401).
func (h *Handler) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	switch {
	case r.PostFormValue("grant_type") != "client_credentials" && r.PostFormValue("grant_type") != "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	case r.PostFormValue("grant_type") == "" || id == "" || secret == "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "grant_type=client_credentials, client_id and client_secret are required"})
		return
	}
	tok, err := h.clients.IssueToken(r.Context(), id, secret)
	switch {
	case errors.Is(err, identity.ErrInvalidClient):
		w.Header().Set("WWW-Authenticate", `Basic realm="dost"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
	case err != nil:
		refuse(w, r, err)
	default:
		writeJSON(w, http.StatusOK, tokenResponse{AccessToken: tok, TokenType: "Bearer", ExpiresIn: int(identity.ClientTokenTTL / time.Second)})
	}
}
