package queueweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/queue"
)

type ticketIn struct {
	Centre string `path:"centre" example:"DOST-1"`
	Body   struct {
		Service string `json:"service" example:"02-01-01-00"`
	}
}
type callIn struct {
	Centre string `path:"centre" example:"DOST-1"`
	Body   struct {
		Desk string `json:"desk" example:"3" minLength:"1"`
	}
}
type ticketOut struct{ Body queue.Ticket }

// API registers the queue's JSON operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, authz.Public, huma.Operation{OperationID: "issue-ticket", Method: http.MethodPost, Path: "/api/v1/centres/{centre}/tickets",
		Summary: "Take a queue ticket (the kiosk)", Tags: []string{"Queue"}, DefaultStatus: http.StatusCreated}, func(ctx context.Context, in *ticketIn) (*ticketOut, error) {
		t, err := h.svc.Issue(ctx, in.Centre, in.Body.Service)
		return &ticketOut{Body: t}, problem(ctx, err)
	})
	web.Register(api, routes, authz.QueueServe, huma.Operation{OperationID: "call-next", Method: http.MethodPost, Path: "/api/v1/centres/{centre}/call",
		Summary: "Call the next ticket to a desk", Tags: []string{"Queue"}}, func(ctx context.Context, in *callIn) (*ticketOut, error) {
		t, err := h.svc.CallNext(ctx, in.Centre, in.Body.Desk)
		return &ticketOut{Body: t}, problem(ctx, err)
	})
}

func problem(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return web.ToProblem(ctx, err, "body.")
}
