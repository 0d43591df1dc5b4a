package interopweb

import (
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
)

// clientsPage lists the DCI agreements, those ending soonest first, with the form to add one.
func (h *Handler) clientsPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.clientsView(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Values["days"] = "365"
	web.Render(w, r, http.StatusOK, clientsPage(v))
}

func (h *Handler) clientsView(r *http.Request) (clientsView, error) {
	cs, err := h.clients.List(r.Context())
	return clientsView{Clients: cs, Catalog: h.clients.Fields(), Values: map[string]string{}}, err
}

// registerClient records an agreement. Its secret is shown once, on this answer (as a new API
// token is), so the page is rendered rather than redirected to; a form with errors keeps what
// was typed.
func (h *Handler) registerClient(w http.ResponseWriter, r *http.Request) {
	days, _ := strconv.Atoi(r.PostFormValue("days"))
	n := identity.NewClient{ClientID: r.PostFormValue("client_id"), Institution: r.PostFormValue("institution"),
		LegalBasis: r.PostFormValue("legal_basis"), Fields: r.PostForm["fields"], CallbackURL: r.PostFormValue("callback_url"),
		Keys: r.PostFormValue("keys"), Days: days}
	secret, c, err := h.clients.Register(r.Context(), authz.From(r.Context()), n)
	v, verr := h.clientsView(r)
	if verr != nil {
		web.HTMLError(w, r, verr)
		return
	}
	if msgs := web.FieldMessages(r.Context(), err); msgs != nil {
		v.Values = map[string]string{"client_id": n.ClientID, "institution": n.Institution, "legal_basis": n.LegalBasis,
			"callback_url": n.CallbackURL, "keys": n.Keys, "days": r.PostFormValue("days")}
		v.Fields, v.Errors = n.Fields, msgs
		web.Render(w, r, http.StatusUnprocessableEntity, clientsPage(v))
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.NewID, v.Secret, v.Values["days"] = c.ClientID, secret, "365"
	web.Render(w, r, http.StatusCreated, clientsPage(v))
}

// revokeClient ends an agreement at once (identity.Clients.Revoke): secret and tokens stop working.
func (h *Handler) revokeClient(w http.ResponseWriter, r *http.Request) {
	if _, err := h.clients.Revoke(r.Context(), authz.From(r.Context()), r.PathValue("client")); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/dci-clients", http.StatusSeeOther)
}

// removeKey removes one signing key of a client (the form's kid); the last one stays.
func (h *Handler) removeKey(w http.ResponseWriter, r *http.Request) {
	if err := h.clients.RemoveKey(r.Context(), authz.From(r.Context()), r.PathValue("client"), r.PostFormValue("kid")); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/dci-clients", http.StatusSeeOther)
}
