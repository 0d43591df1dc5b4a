package identityweb

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
)

// TokenRoutes registers the pages where staff list, issue and revoke API tokens, and where an
// administrator sees and revokes the tokens of an account in their scope.
func (h *Handler) TokenRoutes(rt web.Router) {
	rt.Handle("GET /account/tokens", authz.Authenticated, h.tokens)
	rt.Handle("POST /account/tokens", authz.Authenticated, h.issueToken)
	rt.Handle("POST /account/tokens/{id}/revoke", authz.Authenticated, h.revokeToken)
	rt.Handle("GET /admin/users/{id}/tokens", authz.UserManage, h.userTokens)
}

// staff returns the signed-in staff member, or nil for a citizen.
func staff(ctx context.Context) *authz.Principal {
	if p := authz.From(ctx); p != nil && p.UserID != 0 && p.PersonID == 0 {
		return p
	}
	return nil
}

func (h *Handler) tokensView(r *http.Request, userID int64, own bool) (tokensView, error) {
	u, err := h.ids.TokenOwner(r.Context(), userID)
	if err != nil {
		return tokensView{}, err
	}
	if !h.ids.CanManage(authz.From(r.Context()), u) {
		return tokensView{}, fail.ErrNotFound
	}
	ts, err := h.ids.Tokens(r.Context(), userID)
	back := "/account/tokens"
	if !own {
		back = "/admin/users/" + strconv.FormatInt(userID, 10) + "/tokens"
	}
	return tokensView{Owner: u, Own: own, Tokens: ts, Back: back, Values: map[string]string{"days": "30"}}, err
}

func (h *Handler) tokens(w http.ResponseWriter, r *http.Request) {
	p := staff(r.Context())
	if p == nil {
		web.HTMLError(w, r, fail.ErrForbidden)
		return
	}
	v, err := h.tokensView(r, p.UserID, true)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, tokensPage(v))
}

func (h *Handler) issueToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := staff(ctx)
	if p == nil {
		web.HTMLError(w, r, fail.ErrForbidden)
		return
	}
	days, _ := strconv.Atoi(r.PostFormValue("days"))
	req := identity.TokenRequest{Name: r.PostFormValue("name"), Days: days}
	switch scope := r.PostFormValue("scope"); scope {
	case "all":
	case "read", "":
		req.ReadOnly = true
	default:
		req.Permissions = []authz.Permission{authz.Permission(scope)}
	}
	tok, _, err := h.ids.IssueScopedToken(ctx, p, req)
	v, verr := h.tokensView(r, p.UserID, true)
	if verr != nil {
		web.HTMLError(w, r, verr)
		return
	}
	if msgs := web.FieldMessages(ctx, err); msgs != nil {
		v.Values = map[string]string{"name": req.Name, "days": r.PostFormValue("days"), "scope": r.PostFormValue("scope")}
		v.Errors = msgs
		web.Render(w, r, http.StatusUnprocessableEntity, tokensPage(v))
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.New = tok
	web.Render(w, r, http.StatusCreated, tokensPage(v))
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.ids.RevokeToken(r.Context(), staff(r.Context()), id); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	back := web.LocalPath(r.PostFormValue("back"))
	if back == "/" {
		back = "/account/tokens"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (h *Handler) userTokens(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, err := h.tokensView(r, id, staff(r.Context()).UserID == id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, tokensPage(v))
}

type tokenDTO struct {
	ID          int64              `json:"id"`
	Name        string             `json:"name"`
	ReadOnly    bool               `json:"read_only"`
	Permissions []authz.Permission `json:"permissions,omitempty" doc:"empty: every permission the owner holds"`
	CreatedAt   time.Time          `json:"created_at"`
	ExpiresAt   time.Time          `json:"expires_at"`
}

type tokensOut struct {
	Body struct {
		Items []tokenDTO `json:"items"`
	}
}

type tokenIDIn struct {
	ID int64 `path:"id"`
}

func tokenDTOs(ts []identity.Token) *tokensOut {
	out := &tokensOut{}
	out.Body.Items = []tokenDTO{}
	for _, t := range ts {
		out.Body.Items = append(out.Body.Items, tokenDTO{ID: t.ID, Name: t.Name, ReadOnly: t.ReadOnly,
			Permissions: t.Permissions, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt})
	}
	return out
}

// TokenAPI registers the operations that list and revoke API tokens.
func (h *Handler) TokenAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Staff access"}
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "list-tokens", Method: http.MethodGet,
		Path: "/api/v1/tokens", Summary: "My live API tokens", Tags: tags}, h.apiTokens)
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "revoke-token", Method: http.MethodDelete,
		Path: "/api/v1/tokens/{id}", Summary: "Revoke an API token: mine, or one of an account I administer", Tags: tags,
		DefaultStatus: http.StatusNoContent}, h.apiRevokeToken)
	web.Register(api, routes, authz.UserManage, huma.Operation{OperationID: "list-user-tokens", Method: http.MethodGet,
		Path: "/api/v1/users/{id}/tokens", Summary: "The live API tokens of an account I administer", Tags: tags}, h.apiUserTokens)
}

func (h *Handler) apiTokens(ctx context.Context, _ *struct{}) (*tokensOut, error) {
	p := staff(ctx)
	if p == nil {
		return nil, web.ToProblem(ctx, fail.ErrForbidden, "")
	}
	ts, err := h.ids.Tokens(ctx, p.UserID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return tokenDTOs(ts), nil
}

func (h *Handler) apiRevokeToken(ctx context.Context, in *tokenIDIn) (*struct{}, error) {
	if err := h.ids.RevokeToken(ctx, staff(ctx), in.ID); err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return nil, nil
}

func (h *Handler) apiUserTokens(ctx context.Context, in *tokenIDIn) (*tokensOut, error) {
	u, err := h.ids.TokenOwner(ctx, in.ID)
	if err == nil && !h.ids.CanManage(authz.From(ctx), u) {
		err = fail.ErrNotFound
	}
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	ts, err := h.ids.Tokens(ctx, u.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return tokenDTOs(ts), nil
}
