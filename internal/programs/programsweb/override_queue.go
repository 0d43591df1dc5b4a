package programsweb

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// overrideRoutes registers the queue of overrides awaiting a second officer.
func (h *Handler) overrideRoutes(rt web.Router) {
	rt.Handle("GET /overrides", authz.Decide, h.overrideQueue)
	rt.Handle("POST /overrides/{uuid}/approve", authz.Decide, h.approveOverride)
	rt.Handle("POST /overrides/{uuid}/reject", authz.Decide, h.rejectOverride)
}

func (h *Handler) overrideQueue(w http.ResponseWriter, r *http.Request) {
	h.renderQueue(w, r, http.StatusOK, "")
}

func (h *Handler) renderQueue(w http.ResponseWriter, r *http.Request, status int, problem string) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	reqs, err := h.svc.OverrideRequests(r.Context(), before)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	older := ""
	if len(reqs) == 50 {
		older = "/overrides?before=" + strconv.FormatInt(reqs[len(reqs)-1].ID, 10)
	}
	web.Render(w, r, status, overrideQueuePage(reqs, older, r.URL.Query().Get("done"), problem))
}

func (h *Handler) approveOverride(w http.ResponseWriter, r *http.Request) {
	_, err := h.svc.ApproveOverride(r.Context(), r.PathValue("uuid"))
	h.afterQueue(w, r, err, "approved")
}

func (h *Handler) rejectOverride(w http.ResponseWriter, r *http.Request) {
	_, err := h.svc.RejectOverride(r.Context(), r.PathValue("uuid"), r.PostFormValue("note"))
	h.afterQueue(w, r, err, "rejected")
}

func (h *Handler) afterQueue(w http.ResponseWriter, r *http.Request, err error, done string) {
	if err == nil {
		http.Redirect(w, r, "/overrides?done="+done, http.StatusSeeOther)
		return
	}
	status, msg := web.ErrorMessage(r.Context(), err)
	h.renderQueue(w, r, status, msg)
}

// OverrideDTO is a held override as the API shows it.
type OverrideDTO struct {
	ID          string    `json:"id"`
	Decision    string    `json:"decision"`
	Program     string    `json:"program"`
	FIN         string    `json:"fin"`
	Outcome     string    `json:"outcome"`
	Amount      string    `json:"amount" doc:"AZN asked for"`
	OldAmount   string    `json:"old_amount" doc:"AZN in force until approved"`
	Reason      string    `json:"reason"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	Status      string    `json:"status"`
	DecidedBy   string    `json:"decided_by,omitempty"`
	Note        string    `json:"note,omitempty"`
}

func overrideDTO(o programs.OverrideRequest) OverrideDTO {
	return OverrideDTO{ID: o.UUID, Decision: o.DecisionUUID, Program: o.Program, FIN: o.PersonFIN, Outcome: o.Outcome,
		Amount: o.Amount.String(), OldAmount: o.OldAmount.String(), Reason: o.Reason, RequestedBy: o.RequestedBy,
		RequestedAt: o.RequestedAt, Status: o.Status, DecidedBy: o.DecidedBy, Note: o.Note}
}

type overridesIn struct {
	Before int64 `query:"before" doc:"keyset cursor: the last id of the previous page"`
}

type overridesOut struct {
	Body struct {
		Items []OverrideDTO `json:"items"`
	}
}

type rejectOverrideIn struct {
	UUID string `path:"uuid"`
	Body struct {
		Note string `json:"note" doc:"why the override is turned down"`
	}
}

// overrideAPI registers the queue's API operations.
func (h *Handler) overrideAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Programmes"}
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "list-override-requests", Method: http.MethodGet,
		Path: "/api/v1/overrides", Summary: "Overrides awaiting a second officer, in the caller's institutions", Tags: tags}, h.apiOverrides)
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "approve-override", Method: http.MethodPost,
		Path: "/api/v1/overrides/{uuid}/approve", Summary: "Approve an override asked for by another officer; it takes effect now", Tags: tags}, h.apiApproveOverride)
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "reject-override", Method: http.MethodPost,
		Path: "/api/v1/overrides/{uuid}/reject", Summary: "Turn down a held override, with a reason; the decision stays as it is", Tags: tags}, h.apiRejectOverride)
}

func (h *Handler) apiOverrides(ctx context.Context, in *overridesIn) (*overridesOut, error) {
	reqs, err := h.svc.OverrideRequests(ctx, in.Before)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &overridesOut{}
	out.Body.Items = make([]OverrideDTO, len(reqs))
	for i, o := range reqs {
		out.Body.Items[i] = overrideDTO(o)
	}
	return out, nil
}

func (h *Handler) apiApproveOverride(ctx context.Context, in *uuidIn) (*decisionOut, error) {
	d, err := h.svc.ApproveOverride(ctx, in.UUID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &decisionOut{Body: DecisionBody(ctx, d)}, nil
}

func (h *Handler) apiRejectOverride(ctx context.Context, in *rejectOverrideIn) (*struct{ Body OverrideDTO }, error) {
	o, err := h.svc.RejectOverride(ctx, in.UUID, in.Body.Note)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &struct{ Body OverrideDTO }{overrideDTO(o)}, nil
}
