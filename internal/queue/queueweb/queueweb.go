// Package queueweb serves the queue's pages and API: the centre's kiosk and board, and the
// operator's desk.
package queueweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/queue"
)

// Handler holds what the pages need.
type Handler struct {
	svc *queue.Service
}

// New returns the queue's handlers.
func New(svc *queue.Service) *Handler { return &Handler{svc: svc} }

// Routes registers the pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /kiosk/{centre}", authz.Public, h.kiosk)
	rt.Handle("POST /kiosk/{centre}/tickets", authz.Public, h.issue)
	rt.Handle("POST /kiosk/{centre}/checkin", authz.Public, h.checkIn)
	rt.Handle("GET /board/{centre}", authz.Public, h.board)
	rt.Handle("GET /board/{centre}/live", authz.Public, h.boardLive)

	rt.Handle("GET /desk", authz.QueueServe, h.desk)
	rt.Handle("GET /desk/waiting", authz.QueueServe, h.waiting)
	rt.Handle("POST /desk/call", authz.QueueServe, h.call)
	rt.Handle("POST /tickets/{uuid}/move", authz.QueueServe, h.moveTicket)
}
