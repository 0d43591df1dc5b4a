package identityweb

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
)

type userDTO struct {
	Login    string        `json:"login"`
	FullName string        `json:"full_name"`
	Lang     string        `json:"lang"`
	Active   bool          `json:"active"`
	Grants   []authz.Grant `json:"grants"`
}

type meOut struct{ Body userDTO }

type tokenIn struct {
	Body struct {
		Name        string             `json:"name" minLength:"1" maxLength:"80"`
		Days        int                `json:"days" minimum:"1" maximum:"90" default:"90" doc:"at most 90"`
		ReadOnly    bool               `json:"read_only,omitempty" doc:"the token may only read (GET)"`
		Permissions []authz.Permission `json:"permissions,omitempty" doc:"limit the token to these of my permissions; empty: all of mine"`
	}
}

type tokenOut struct {
	Body struct {
		Token     string    `json:"token" doc:"shown once; send as Authorization: Bearer …"`
		ExpiresAt time.Time `json:"expires_at"`
	}
}

// API registers identity's JSON operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tags := []string{"Staff access"}
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "me", Method: http.MethodGet,
		Path: "/api/v1/me", Summary: "Who am I", Tags: tags}, h.apiMe)
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "create-token", Method: http.MethodPost,
		Path: "/api/v1/tokens", Summary: "Issue an API token for a machine client acting for me", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiToken)
	h.accountsAPI(api, routes)
	h.TokenAPI(api, routes)
	h.TwoFactorAPI(api, routes)
}

func (h *Handler) apiMe(ctx context.Context, _ *struct{}) (*meOut, error) {
	p := authz.From(ctx)
	return &meOut{Body: userDTO{Login: p.Login, FullName: p.Name, Lang: p.Lang, Active: true, Grants: p.Grants}}, nil
}

// apiToken issues a token to the staff member signed in. A token cannot mint another (it
// would outlive its own expiry and scope), nor can a citizen's portal session: both are 403.
func (h *Handler) apiToken(ctx context.Context, in *tokenIn) (*tokenOut, error) {
	tok, t, err := h.ids.IssueScopedToken(ctx, authz.From(ctx), identity.TokenRequest{Name: in.Body.Name, Days: in.Body.Days,
		ReadOnly: in.Body.ReadOnly, Permissions: in.Body.Permissions})
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	out := &tokenOut{}
	out.Body.Token, out.Body.ExpiresAt = tok, t.ExpiresAt
	return out, nil
}
