package identityweb

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// errNotStaff refuses a staff-only action to a citizen's session.
var errNotStaff = fail.ErrForbidden

// grantRoutes registers the four-eyes queue of role grants and the user actions beside it.
func (h *Handler) grantRoutes(rt web.Router) {
	rt.Handle("POST /admin/users/{id}/reset", authz.UserManage, h.resetPassword)
	rt.Handle("POST /admin/users/{id}/revoke", authz.UserManage, h.revokeGrant)
	rt.Handle("GET /admin/grants", authz.UserManage, h.grants)
	rt.Handle("POST /admin/grants", authz.UserManage, h.requestGrant)
	rt.Handle("POST /admin/grants/{id}/approve", authz.UserManage, h.approveGrant)
	rt.Handle("POST /admin/grants/{id}/reject", authz.UserManage, h.rejectGrant)
}

// grantsView reads the queue the administrator may decide on.
func (h *Handler) grantsView(r *http.Request) (grantsView, error) {
	pending, err := h.ids.PendingGrants(r.Context())
	if err != nil {
		return grantsView{}, err
	}
	insts, err := h.institutions(r)
	return grantsView{Pending: pending, Institutions: insts}, err
}

func (h *Handler) grants(w http.ResponseWriter, r *http.Request) {
	v, err := h.grantsView(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if key := grantFlashes[r.URL.Query().Get("done")]; key != "" {
		v.Flash = i18n.T(r.Context(), key)
	}
	web.Render(w, r, http.StatusOK, grantsPage(v))
}

var grantFlashes = map[string]string{"request": "accounts.grant_requested", "approve": "accounts.grant_approved", "reject": "accounts.grant_rejected"}

// requestGrant asks for a role for an account, by login; it waits in the queue.
func (h *Handler) requestGrant(w http.ResponseWriter, r *http.Request) {
	inst, _ := strconv.ParseInt(r.PostFormValue("institution"), 10, 64)
	g := authz.Grant{Role: authz.Role(r.PostFormValue("role")), InstitutionID: inst}
	u, err := h.ids.AccountByLogin(r.Context(), r.PostFormValue("login"))
	if errors.Is(err, fail.ErrNotFound) {
		err = fail.Fields{{Name: "login", Key: "accounts.grant_no_account"}}
	} else if err == nil {
		_, err = h.ids.RequestGrant(r.Context(), u.ID, g)
	}
	values := map[string]string{"login": r.PostFormValue("login"), "role": string(g.Role), "institution": r.PostFormValue("institution")}
	h.afterGrant(w, r, err, "request", values)
}

func (h *Handler) approveGrant(w http.ResponseWriter, r *http.Request) {
	h.afterGrant(w, r, h.ids.ApproveGrant(r.Context(), r.PathValue("id")), "approve", nil)
}

func (h *Handler) rejectGrant(w http.ResponseWriter, r *http.Request) {
	h.afterGrant(w, r, h.ids.RejectGrant(r.Context(), r.PathValue("id"), r.PostFormValue("reason")), "reject", nil)
}

// afterGrant goes back to the queue, or shows it again with why the action failed; a refusal
// that belongs to no form field (own request, incompatible roles at approval) is shown on top.
func (h *Handler) afterGrant(w http.ResponseWriter, r *http.Request, err error, done string, values map[string]string) {
	if err == nil {
		http.Redirect(w, r, "/admin/grants?done="+done, http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	v, verr := h.grantsView(r)
	if verr != nil {
		web.HTMLError(w, r, verr)
		return
	}
	if done != "request" {
		for _, m := range msgs {
			msgs["grant"] = m
		}
	}
	v.Values, v.Errors = values, msgs
	web.Render(w, r, http.StatusUnprocessableEntity, grantsPage(v))
}

// revokeGrant takes one role away from an account at once.
func (h *Handler) revokeGrant(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	inst, _ := strconv.ParseInt(r.PostFormValue("institution"), 10, 64)
	err := h.ids.RevokeGrant(r.Context(), id, authz.Grant{Role: authz.Role(r.PostFormValue("role")), InstitutionID: inst})
	h.afterAction(w, r, err, "revoked")
}
