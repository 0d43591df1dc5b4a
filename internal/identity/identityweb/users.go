package identityweb

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// institutions lists the institutions the administrator in the request manages.
func (h *Handler) institutions(r *http.Request) ([]identity.Institution, error) {
	scope := authz.From(r.Context()).Scope(authz.UserManage)
	insts, err := h.ids.Institutions(r.Context())
	return slices.DeleteFunc(insts, func(i identity.Institution) bool { return !slices.Contains(scope, i.ID) }), err
}

// usersView reads one page of the accounts the administrator manages, from ?after=.
func (h *Handler) usersView(r *http.Request) (usersView, error) {
	users, next, err := h.ids.UsersPage(r.Context(), r.URL.Query().Get("after"), 100)
	if err != nil {
		return usersView{}, err
	}
	insts, err := h.institutions(r)
	return usersView{Users: users, Institutions: insts, Next: next}, err
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	v, err := h.usersView(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if key := flashes[r.URL.Query().Get("done")]; key != "" {
		v.Flash = i18n.T(r.Context(), key)
	}
	web.Render(w, r, http.StatusOK, usersPage(v))
}

// flashes are the messages a redirect back to the users page may ask for.
var flashes = map[string]string{"created": "accounts.created", "reset": "accounts.reset_done", "active": "accounts.active_done", "revoked": "accounts.revoked"}

// createUser creates an account from the form: no password is asked, a code goes to the
// owner, and the role waits for a second administrator.
func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	inst, _ := strconv.ParseInt(r.PostFormValue("institution"), 10, 64)
	n := identity.NewUser{Login: r.PostFormValue("login"), FullName: r.PostFormValue("full_name"), Lang: r.PostFormValue("lang"),
		Contact: identity.Contact{Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email")},
		Grants:  []authz.Grant{{Role: authz.Role(r.PostFormValue("role")), InstitutionID: inst}}}
	_, err := h.ids.CreateUser(r.Context(), n)
	if err == nil {
		http.Redirect(w, r, "/admin/users?done=created", http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	v, verr := h.usersView(r)
	if verr != nil {
		web.HTMLError(w, r, verr)
		return
	}
	v.Values = map[string]string{"login": n.Login, "full_name": n.FullName, "phone": n.Phone, "email": n.Email,
		"role": string(n.Grants[0].Role), "institution": r.PostFormValue("institution"), "lang": n.Lang}
	v.Errors = msgs
	web.Render(w, r, http.StatusUnprocessableEntity, usersPage(v))
}

// toggleActive enables or disables any account the administrator manages, on any page of the
// list: the account is looked up by id, not searched for in the first page.
func (h *Handler) toggleActive(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	u, err := h.ids.Account(r.Context(), id)
	if err == nil {
		err = h.ids.SetActiveChecked(r.Context(), id, !u.Active)
	}
	h.afterAction(w, r, err, "active")
}

// resetPassword voids an account's password and sends its owner a new code.
func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	h.afterAction(w, r, h.ids.ResetPassword(r.Context(), id), "reset")
}

// afterAction goes back to the list after an action on one account, or shows why it failed.
func (h *Handler) afterAction(w http.ResponseWriter, r *http.Request, err error, done string) {
	if err == nil {
		http.Redirect(w, r, "/admin/users?done="+done, http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	v, verr := h.usersView(r)
	if verr != nil {
		web.HTMLError(w, r, verr)
		return
	}
	v.Errors = map[string]string{}
	for _, m := range msgs {
		v.Errors[""] = m
	}
	web.Render(w, r, http.StatusUnprocessableEntity, usersPage(v))
}
