package registryweb

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// ibanRoutes registers the queue of IBAN changes awaiting a second person.
func (h *Handler) ibanRoutes(rt web.Router) {
	rt.Handle("GET /iban-changes", authz.PersonWrite, h.ibanQueue)
	rt.Handle("POST /iban-changes/{uuid}/confirm", authz.PersonWrite, h.confirmIBAN)
	rt.Handle("POST /iban-changes/{uuid}/reject", authz.PersonWrite, h.rejectIBAN)
}

func (h *Handler) ibanQueue(w http.ResponseWriter, r *http.Request) {
	h.renderIBANQueue(w, r, http.StatusOK, "")
}

func (h *Handler) renderIBANQueue(w http.ResponseWriter, r *http.Request, status int, problem string) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := h.svc.IBANChanges(r.Context(), before)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	older := ""
	if len(list) == 50 {
		older = "/iban-changes?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	web.Render(w, r, status, ibanQueuePage(list, older, r.URL.Query().Get("done"), problem))
}

func (h *Handler) confirmIBAN(w http.ResponseWriter, r *http.Request) {
	_, err := h.svc.ConfirmIBAN(r.Context(), r.PathValue("uuid"))
	h.afterIBAN(w, r, err, "confirmed")
}

func (h *Handler) rejectIBAN(w http.ResponseWriter, r *http.Request) {
	_, err := h.svc.RejectIBAN(r.Context(), r.PathValue("uuid"), r.PostFormValue("note"))
	h.afterIBAN(w, r, err, "rejected")
}

func (h *Handler) afterIBAN(w http.ResponseWriter, r *http.Request, err error, done string) {
	if err == nil {
		http.Redirect(w, r, "/iban-changes?done="+done, http.StatusSeeOther)
		return
	}
	status, msg := web.ErrorMessage(r.Context(), err)
	h.renderIBANQueue(w, r, status, msg)
}

// pendingIBAN is the person's IBAN change awaiting confirmation, for the card; nil if none.
func (h *Handler) pendingIBAN(ctx context.Context, p registry.Person) (*registry.IBANChange, error) {
	c, err := h.svc.PendingIBANFor(ctx, p)
	if errors.Is(err, fail.ErrNotFound) {
		return nil, nil
	}
	return &c, err
}

// IBANChangeDTO is a held IBAN change as the API shows it.
type IBANChangeDTO struct {
	ID          string    `json:"id"`
	FIN         string    `json:"fin"`
	Name        string    `json:"name"`
	OldIBAN     string    `json:"old_iban"`
	NewIBAN     string    `json:"new_iban"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	Status      string    `json:"status"`
	DecidedBy   string    `json:"decided_by,omitempty"`
	Note        string    `json:"note,omitempty"`
}

func ibanDTO(c registry.IBANChange) IBANChangeDTO {
	return IBANChangeDTO{ID: c.UUID, FIN: c.FIN, Name: c.Name, OldIBAN: c.OldIBAN, NewIBAN: c.NewIBAN, RequestedBy: c.RequestedBy,
		RequestedAt: c.RequestedAt, Status: c.Status, DecidedBy: c.DecidedBy, Note: c.Note}
}

type ibanListIn struct {
	Before int64 `query:"before" doc:"keyset cursor: the last id of the previous page"`
}

type ibanListOut struct {
	Body struct {
		Items []IBANChangeDTO `json:"items"`
	}
}

type ibanIn struct {
	UUID string `path:"uuid"`
}

type ibanRejectIn struct {
	UUID string `path:"uuid"`
	Body struct {
		Note string `json:"note" doc:"why the new account is turned down"`
	}
}

type ibanOut struct{ Body IBANChangeDTO }

// ibanAPI registers the queue's API operations.
func (h *Handler) ibanAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Registry"}
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "list-iban-changes", Method: http.MethodGet,
		Path: "/api/v1/iban-changes", Summary: "IBAN changes of paid persons awaiting a second person's confirmation", Tags: tags}, h.apiIBANChanges)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "confirm-iban-change", Method: http.MethodPost,
		Path: "/api/v1/iban-changes/{uuid}/confirm", Summary: "Confirm an IBAN change entered by someone else; payments go to it from now on", Tags: tags}, h.apiConfirmIBAN)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "reject-iban-change", Method: http.MethodPost,
		Path: "/api/v1/iban-changes/{uuid}/reject", Summary: "Turn a held IBAN change down, with a reason; the person keeps the old account", Tags: tags}, h.apiRejectIBAN)
}

func (h *Handler) apiIBANChanges(ctx context.Context, in *ibanListIn) (*ibanListOut, error) {
	list, err := h.svc.IBANChanges(ctx, in.Before)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &ibanListOut{}
	out.Body.Items = make([]IBANChangeDTO, len(list))
	for i, c := range list {
		out.Body.Items[i] = ibanDTO(c)
	}
	return out, nil
}

func (h *Handler) apiConfirmIBAN(ctx context.Context, in *ibanIn) (*ibanOut, error) {
	c, err := h.svc.ConfirmIBAN(ctx, in.UUID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &ibanOut{ibanDTO(c)}, nil
}

func (h *Handler) apiRejectIBAN(ctx context.Context, in *ibanRejectIn) (*ibanOut, error) {
	c, err := h.svc.RejectIBAN(ctx, in.UUID, in.Body.Note)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &ibanOut{ibanDTO(c)}, nil
}
