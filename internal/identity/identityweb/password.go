package identityweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// accountRoutes registers the owner's side of the account lifecycle: setting a password with
// an activation code, and changing one's own password.
func (h *Handler) accountRoutes(rt web.Router) {
	rt.Handle("POST /activate", authz.Public, h.activate)
	rt.Handle("GET /account/password", authz.Authenticated, h.passwordForm)
	rt.Handle("POST /account/password", authz.Authenticated, h.changePassword)
}

// activationForm answers a sign-in whose "password" is a live activation code of the login
// with the form to set the password. It reports whether it did.
func (h *Handler) activationForm(w http.ResponseWriter, r *http.Request, login, code string) bool {
	if code == "" || !h.ids.CheckActivation(r.Context(), login, code) {
		return false
	}
	web.Render(w, r, http.StatusOK, activatePage(login, code, nil))
	return true
}

// activate sets the password with the code; the owner then signs in with it.
func (h *Handler) activate(w http.ResponseWriter, r *http.Request) {
	login, code := r.PostFormValue("login"), r.PostFormValue("code")
	err := h.ids.Activate(r.Context(), login, code, r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err == nil {
		web.Render(w, r, http.StatusOK, loginPage("/", login, ""))
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	if msgs["code"] != "" {
		code = "" // a dead code is not carried on: the form asks to sign in again
	}
	web.Render(w, r, http.StatusUnprocessableEntity, activatePage(login, code, msgs))
}

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("done") == "1" {
		flash = i18n.T(r.Context(), "accounts.password_changed")
	}
	web.Render(w, r, http.StatusOK, passwordPage(nil, flash))
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	p := authz.From(r.Context())
	err := h.ids.ChangePassword(r.Context(), p.UserID, r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err == nil {
		http.Redirect(w, r, "/account/password?done=1", http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusUnprocessableEntity, passwordPage(msgs, ""))
}

type passwordIn struct {
	Body struct {
		Current  string `json:"current" writeOnly:"true" maxLength:"1024"`
		Password string `json:"password" writeOnly:"true" maxLength:"1024"`
		Repeat   string `json:"repeat" writeOnly:"true" maxLength:"1024"`
	}
}

func (h *Handler) passwordAPI(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "change-my-password", Method: http.MethodPost,
		Path: "/api/v1/me/password", Summary: "Change my own password", Tags: []string{"Staff access"}, DefaultStatus: http.StatusNoContent}, h.apiPassword)
}

func (h *Handler) apiPassword(ctx context.Context, in *passwordIn) (*struct{}, error) {
	p := authz.From(ctx)
	if p.UserID == 0 {
		return nil, web.ToProblem(ctx, errNotStaff, "")
	}
	if err := h.ids.ChangePassword(ctx, p.UserID, in.Body.Current, in.Body.Password, in.Body.Repeat); err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return nil, nil
}
