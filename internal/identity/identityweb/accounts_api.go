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

// accountDTO is a staff account as an administrator sees it: the contact masked, and never a
// password hash or an activation code.
type accountDTO struct {
	Login             string        `json:"login"`
	FullName          string        `json:"full_name"`
	Lang              string        `json:"lang"`
	Active            bool          `json:"active"`
	PendingActivation bool          `json:"pending_activation" doc:"the owner has not set a password yet"`
	Contact           string        `json:"contact" doc:"masked"`
	InstitutionID     int64         `json:"institution_id,omitempty"`
	LastLoginAt       *time.Time    `json:"last_login_at,omitempty"`
	Grants            []authz.Grant `json:"grants" doc:"grants in force; requested ones are in /api/v1/grants"`
}

func toAccount(u identity.User) accountDTO {
	d := accountDTO{Login: u.Login, FullName: u.FullName, Lang: u.Lang, Active: u.Active, PendingActivation: u.Pending(),
		Contact: u.MaskedContact(), InstitutionID: u.InstitutionID, Grants: u.Grants}
	if d.Grants == nil {
		d.Grants = []authz.Grant{}
	}
	if !u.LastLoginAt.IsZero() {
		d.LastLoginAt = &u.LastLoginAt
	}
	return d
}

type usersIn struct {
	After string `query:"after" doc:"the last login of the previous page"`
	Limit int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

type usersOut struct {
	Body struct {
		Items []accountDTO `json:"items"`
		Next  string       `json:"next,omitempty" doc:"pass as after= for the next page; absent on the last"`
	}
}

type createUserIn struct {
	Body struct {
		Login    string        `json:"login" maxLength:"40"`
		FullName string        `json:"full_name" maxLength:"200"`
		Phone    string        `json:"phone,omitempty" maxLength:"32" doc:"international format, e.g. +994501234567; the activation code goes here by SMS"`
		Email    string        `json:"email,omitempty" maxLength:"254" doc:"used for the activation code when there is no phone"`
		Lang     web.Lang      `json:"lang,omitempty"`
		Grants   []authz.Grant `json:"grants" minItems:"1" maxItems:"10" doc:"requested: each waits for a second administrator's approval"`
	}
}

type accountOut struct{ Body accountDTO }

type loginIn struct {
	Login string `path:"login" maxLength:"40"`
}

type grantIn struct {
	Body struct {
		Login         string     `json:"login" maxLength:"40"`
		Role          authz.Role `json:"role"`
		InstitutionID int64      `json:"institution_id"`
	}
}

type revokeIn struct {
	Login string `path:"login" maxLength:"40"`
	Body  struct {
		Role          authz.Role `json:"role"`
		InstitutionID int64      `json:"institution_id"`
	}
}

type grantDTO struct {
	ID            string     `json:"id"`
	Login         string     `json:"login"`
	FullName      string     `json:"full_name"`
	Contact       string     `json:"contact" doc:"masked; where the account's activation code went"`
	Role          authz.Role `json:"role"`
	InstitutionID int64      `json:"institution_id"`
	RequestedBy   string     `json:"requested_by"`
	RequestedAt   time.Time  `json:"requested_at"`
	Status        string     `json:"status"`
}

func toGrant(g identity.GrantRequest) grantDTO {
	return grantDTO{ID: g.UUID, Login: g.UserLogin, FullName: g.UserName, Contact: g.UserContact, Role: g.Role, InstitutionID: g.InstitutionID,
		RequestedBy: g.RequesterName, RequestedAt: g.RequestedAt, Status: g.Status}
}

type grantOut struct{ Body grantDTO }

type grantsOut struct {
	Body struct {
		Items []grantDTO `json:"items"`
	}
}

type grantIDIn struct {
	ID string `path:"id" maxLength:"40"`
}

type rejectGrantIn struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Reason string `json:"reason" maxLength:"500"`
	}
}

// accountsAPI registers user administration and the four-eyes grant queue.
func (h *Handler) accountsAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Staff access"}
	reg := func(op huma.Operation) huma.Operation { op.Tags = tags; return op }
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "list-users", Method: http.MethodGet,
		Path: "/api/v1/users", Summary: "Staff accounts within my institutions, a keyset page at a time"}), h.apiUsers)
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "create-user", Method: http.MethodPost,
		Path: "/api/v1/users", Summary: "Create a staff account: its owner receives an activation code; its roles wait for approval", DefaultStatus: http.StatusCreated}), h.apiCreateUser)
	for _, a := range []struct{ path, summary string }{{"disable", "Disable an account"}, {"enable", "Enable an account"},
		{"reset", "Void an account's password and send its owner a new activation code"}} {
		web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: a.path + "-user", Method: http.MethodPost,
			Path: "/api/v1/users/{login}/" + a.path, Summary: a.summary, DefaultStatus: http.StatusNoContent}), h.apiUserAction(a.path))
	}
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "revoke-grant", Method: http.MethodPost,
		Path: "/api/v1/users/{login}/revoke", Summary: "Take a role away from an account, at once", DefaultStatus: http.StatusNoContent}), h.apiRevokeGrant)
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "list-grants", Method: http.MethodGet,
		Path: "/api/v1/grants", Summary: "Role grants waiting for approval in my institutions"}), h.apiGrants)
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "request-grant", Method: http.MethodPost,
		Path: "/api/v1/grants", Summary: "Ask for a role for an account; a second administrator approves it", DefaultStatus: http.StatusCreated}), h.apiRequestGrant)
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "approve-grant", Method: http.MethodPost,
		Path: "/api/v1/grants/{id}/approve", Summary: "Approve a role grant someone else asked for", DefaultStatus: http.StatusNoContent}), h.apiApproveGrant)
	web.Register(api, routes, authz.UserManage, reg(huma.Operation{OperationID: "reject-grant", Method: http.MethodPost,
		Path: "/api/v1/grants/{id}/reject", Summary: "Reject a role grant, with a reason", DefaultStatus: http.StatusNoContent}), h.apiRejectGrant)
	h.passwordAPI(api, routes)
}

func (h *Handler) apiUsers(ctx context.Context, in *usersIn) (*usersOut, error) {
	users, next, err := h.ids.UsersPage(ctx, in.After, in.Limit)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &usersOut{}
	out.Body.Items, out.Body.Next = []accountDTO{}, next
	for _, u := range users {
		out.Body.Items = append(out.Body.Items, toAccount(u))
	}
	return out, nil
}

func (h *Handler) apiCreateUser(ctx context.Context, in *createUserIn) (*accountOut, error) {
	u, err := h.ids.CreateUser(ctx, identity.NewUser{Login: in.Body.Login, FullName: in.Body.FullName, Lang: string(in.Body.Lang),
		Contact: identity.Contact{Phone: in.Body.Phone, Email: in.Body.Email}, Grants: in.Body.Grants})
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &accountOut{Body: toAccount(u)}, nil
}

func (h *Handler) apiUserAction(action string) func(context.Context, *loginIn) (*struct{}, error) {
	return func(ctx context.Context, in *loginIn) (*struct{}, error) {
		u, err := h.ids.AccountByLogin(ctx, in.Login)
		if err == nil {
			switch action {
			case "reset":
				err = h.ids.ResetPassword(ctx, u.ID)
			default:
				err = h.ids.SetActiveChecked(ctx, u.ID, action == "enable")
			}
		}
		if err != nil {
			return nil, web.ToProblem(ctx, err, "")
		}
		return nil, nil
	}
}

func (h *Handler) apiGrants(ctx context.Context, _ *struct{}) (*grantsOut, error) {
	pending, err := h.ids.PendingGrants(ctx)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &grantsOut{}
	out.Body.Items = []grantDTO{}
	for _, g := range pending {
		out.Body.Items = append(out.Body.Items, toGrant(g))
	}
	return out, nil
}

func (h *Handler) apiRequestGrant(ctx context.Context, in *grantIn) (*grantOut, error) {
	u, err := h.ids.AccountByLogin(ctx, in.Body.Login)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	g, err := h.ids.RequestGrant(ctx, u.ID, authz.Grant{Role: in.Body.Role, InstitutionID: in.Body.InstitutionID})
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	g.UserName = u.FullName
	return &grantOut{Body: toGrant(g)}, nil
}

func (h *Handler) apiApproveGrant(ctx context.Context, in *grantIDIn) (*struct{}, error) {
	if err := h.ids.ApproveGrant(ctx, in.ID); err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return nil, nil
}

func (h *Handler) apiRejectGrant(ctx context.Context, in *rejectGrantIn) (*struct{}, error) {
	if err := h.ids.RejectGrant(ctx, in.ID, in.Body.Reason); err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return nil, nil
}

func (h *Handler) apiRevokeGrant(ctx context.Context, in *revokeIn) (*struct{}, error) {
	u, err := h.ids.AccountByLogin(ctx, in.Login)
	if err == nil {
		err = h.ids.RevokeGrant(ctx, u.ID, authz.Grant{Role: in.Body.Role, InstitutionID: in.Body.InstitutionID})
	}
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return nil, nil
}
