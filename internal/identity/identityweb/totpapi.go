package identityweb

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

type totpStartOut struct {
	Body struct {
		Secret string `json:"secret" doc:"base32, for typing into an authenticator app"`
		URL    string `json:"otpauth_url" doc:"the QR code's content"`
	}
}

type totpConfirmIn struct {
	Body struct {
		Code string `json:"code" minLength:"6" maxLength:"6" doc:"the app's current code"`
	}
}

type totpConfirmOut struct {
	Body struct {
		RecoveryCodes []string `json:"recovery_codes" doc:"one-time codes for a lost phone; shown once"`
	}
}

type resetDTO struct {
	ID          int64  `json:"id"`
	Login       string `json:"login"`
	RequestedBy string `json:"requested_by"`
}

type resetOut struct{ Body resetDTO }

type resetsOut struct {
	Body struct {
		Items []resetDTO `json:"items"`
	}
}

type idIn struct {
	ID int64 `path:"id"`
}

// TwoFactorAPI registers enrolment in a second factor and the four-eyes reset of another
// user's second factor.
func (h *Handler) TwoFactorAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Staff access"}
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "start-two-factor", Method: http.MethodPost,
		Path: "/api/v1/me/two-factor", Summary: "Start enrolling a TOTP second factor: a new secret, in force once confirmed", Tags: tags}, h.apiStartTOTP)
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "confirm-two-factor", Method: http.MethodPost,
		Path: "/api/v1/me/two-factor/confirm", Summary: "Confirm the second factor with a first code; returns the recovery codes once", Tags: tags}, h.apiConfirmTOTP)
	web.Register(api, routes, authz.UserManage, huma.Operation{OperationID: "list-two-factor-resets", Method: http.MethodGet,
		Path: "/api/v1/two-factor-resets", Summary: "Pending resets of a second factor, awaiting a second administrator", Tags: tags}, h.apiResets)
	web.Register(api, routes, authz.UserManage, huma.Operation{OperationID: "request-two-factor-reset", Method: http.MethodPost,
		Path: "/api/v1/users/{id}/two-factor-reset", Summary: "Ask for another user's second factor to be reset (a second administrator approves)",
		Tags: tags, DefaultStatus: http.StatusCreated}, h.apiRequestReset)
	web.Register(api, routes, authz.UserManage, huma.Operation{OperationID: "approve-two-factor-reset", Method: http.MethodPost,
		Path: "/api/v1/two-factor-resets/{id}/approve", Summary: "Approve another administrator's reset request", Tags: tags,
		DefaultStatus: http.StatusNoContent}, h.apiApproveReset)
}

// enrolling is the staff member who may enrol a second factor through the API: signed in,
// or through a token with all of the owner's permissions (a kiosk's or a report's token
// limited to a few permissions does not touch its owner's credentials).
func enrolling(ctx context.Context) *authz.Principal {
	if p := staff(ctx); p != nil && p.Only == nil && !p.ReadOnly {
		return p
	}
	return nil
}

func (h *Handler) apiStartTOTP(ctx context.Context, _ *struct{}) (*totpStartOut, error) {
	p := enrolling(ctx)
	if p == nil {
		return nil, web.ToProblem(ctx, fail.ErrForbidden, "")
	}
	e, err := h.ids.StartTOTP(ctx, p.UserID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &totpStartOut{}
	out.Body.Secret, out.Body.URL = e.Secret, e.URL
	return out, nil
}

func (h *Handler) apiConfirmTOTP(ctx context.Context, in *totpConfirmIn) (*totpConfirmOut, error) {
	p := enrolling(ctx)
	if p == nil {
		return nil, web.ToProblem(ctx, fail.ErrForbidden, "")
	}
	codes, err := h.ids.ConfirmTOTP(ctx, p.UserID, in.Body.Code)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	out := &totpConfirmOut{}
	out.Body.RecoveryCodes = codes
	return out, nil
}

func (h *Handler) apiResets(ctx context.Context, _ *struct{}) (*resetsOut, error) {
	rs, err := h.ids.TOTPResets(ctx, authz.From(ctx))
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &resetsOut{}
	out.Body.Items = []resetDTO{}
	for _, r := range rs {
		out.Body.Items = append(out.Body.Items, resetDTO{ID: r.ID, Login: r.Login, RequestedBy: r.Requester})
	}
	return out, nil
}

func (h *Handler) apiRequestReset(ctx context.Context, in *idIn) (*resetOut, error) {
	r, err := h.ids.RequestTOTPReset(ctx, authz.From(ctx), in.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return &resetOut{Body: resetDTO{ID: r.ID, Login: r.Login, RequestedBy: r.Requester}}, nil
}

func (h *Handler) apiApproveReset(ctx context.Context, in *idIn) (*struct{}, error) {
	if err := h.ids.ApproveTOTPReset(ctx, authz.From(ctx), in.ID); err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return nil, nil
}

// ResetRoutes registers the administrators' page of two-factor resets.
func (h *Handler) ResetRoutes(rt web.Router) {
	rt.Handle("GET /admin/two-factor", authz.UserManage, h.resets)
	rt.Handle("POST /admin/two-factor", authz.UserManage, h.requestReset)
	rt.Handle("POST /admin/two-factor/{id}/approve", authz.UserManage, h.approveReset)
}

func (h *Handler) renderResets(w http.ResponseWriter, r *http.Request, status int, login, msg, flash string) {
	p := authz.From(r.Context())
	rs, err := h.ids.TOTPResets(r.Context(), p)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, resetsPage(rs, p.UserID, login, msg, flash))
}

func (h *Handler) resets(w http.ResponseWriter, r *http.Request) {
	flash := ""
	switch r.URL.Query().Get("done") {
	case "requested":
		flash = i18n.T(r.Context(), "totp.reset_requested")
	case "approved":
		flash = i18n.T(r.Context(), "totp.reset_approved")
	}
	h.renderResets(w, r, http.StatusOK, "", "", flash)
}

func (h *Handler) requestReset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	login := r.PostFormValue("login")
	u, err := h.ids.ResetTarget(ctx, login)
	if err == nil {
		_, err = h.ids.RequestTOTPReset(ctx, authz.From(ctx), u.ID)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/two-factor?done=requested", http.StatusSeeOther)
	case errors.Is(err, fail.ErrNotFound) || errors.Is(err, fail.ErrForbidden):
		h.renderResets(w, r, http.StatusUnprocessableEntity, login, i18n.T(ctx, "totp.reset_unknown_user"), "")
	default:
		status, msg := web.ErrorMessage(ctx, err)
		h.renderResets(w, r, status, login, msg, "")
	}
}

func (h *Handler) approveReset(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.ids.ApproveTOTPReset(r.Context(), authz.From(r.Context()), id); err != nil {
		if status, msg := web.ErrorMessage(r.Context(), err); status == http.StatusUnprocessableEntity {
			h.renderResets(w, r, status, "", msg, "")
			return
		}
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/two-factor?done=approved", http.StatusSeeOther)
}
