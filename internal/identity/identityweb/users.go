package identityweb

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// scoped keeps the users and institutions an administrator's grant covers.
func (h *Handler) scoped(r *http.Request) ([]identity.User, []identity.Institution, error) {
	scope := authz.From(r.Context()).Scope(authz.UserManage)
	users, err := h.ids.Users(r.Context(), "")
	if err != nil {
		return nil, nil, err
	}
	insts, err := h.ids.Institutions(r.Context())
	if err != nil {
		return nil, nil, err
	}
	users = slices.DeleteFunc(users, func(u identity.User) bool {
		return !slices.ContainsFunc(u.Grants, func(g authz.Grant) bool { return slices.Contains(scope, g.InstitutionID) })
	})
	insts = slices.DeleteFunc(insts, func(i identity.Institution) bool { return !slices.Contains(scope, i.ID) })
	return users, insts, nil
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	users, insts, err := h.scoped(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v := usersView{Users: users, Institutions: insts}
	if r.URL.Query().Get("created") == "1" {
		v.Flash = i18n.T(r.Context(), "users.created")
	}
	web.Render(w, r, http.StatusOK, usersPage(v))
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) {
	inst, _ := strconv.ParseInt(r.PostFormValue("institution"), 10, 64)
	if !authz.From(r.Context()).CanIn(authz.UserManage, inst) {
		web.HTMLError(w, r, fail.ErrForbidden)
		return
	}
	n := identity.NewUser{Login: r.PostFormValue("login"), FullName: r.PostFormValue("full_name"),
		Password: r.PostFormValue("password"), Lang: r.PostFormValue("lang"),
		Grants: []authz.Grant{{Role: authz.Role(r.PostFormValue("role")), InstitutionID: inst}}}
	_, err := h.ids.CreateUser(r.Context(), n)
	if err == nil {
		http.Redirect(w, r, "/admin/users?created=1", http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	users, insts, _ := h.scoped(r)
	values := map[string]string{"login": n.Login, "full_name": n.FullName, "role": string(n.Grants[0].Role)}
	web.Render(w, r, http.StatusUnprocessableEntity, usersPage(usersView{Users: users, Institutions: insts, Values: values, Errors: msgs}))
}

func (h *Handler) toggleActive(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	users, _, err := h.scoped(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	i := slices.IndexFunc(users, func(u identity.User) bool { return u.ID == id })
	if i < 0 {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	if err := h.ids.SetActive(r.Context(), id, !users[i].Active); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}
