// Package servicedeskweb serves the single window's pages and API: the public catalogue, the
// centre's kiosk and board, the operator's desk, applications in the front and back office,
// the centre manager's reports, certificate verification and rating links.
package servicedeskweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Handler holds what the pages need.
type Handler struct {
	svc *servicedesk.Service
}

// New returns the single window's handlers.
func New(svc *servicedesk.Service) *Handler { return &Handler{svc: svc} }

// Routes registers the pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /services", authz.Public, h.catalogue)
	rt.Handle("GET /services/{code}", authz.Public, h.passport)
	rt.Handle("GET /kiosk/{centre}", authz.Public, h.kiosk)
	rt.Handle("POST /kiosk/{centre}/tickets", authz.Public, h.issue)
	rt.Handle("POST /kiosk/{centre}/checkin", authz.Public, h.checkIn)
	rt.Handle("GET /board/{centre}", authz.Public, h.board)
	rt.Handle("GET /board/{centre}/live", authz.Public, h.boardLive)
	rt.Handle("GET /verify", authz.Public, h.verifyForm)
	rt.Handle("POST /verify", authz.Public, h.verify)
	rt.Handle("GET /rate/{token}", authz.Public, h.rateForm)
	rt.Handle("POST /rate/{token}", authz.Public, h.rate)

	rt.Handle("GET /desk", authz.QueueServe, h.desk)
	rt.Handle("GET /desks/{centre}/{desk}/rating", authz.QueueServe, h.deskRating) // the tablet, signed in as the desk's operator
	rt.Handle("POST /desk/call", authz.QueueServe, h.call)
	rt.Handle("POST /tickets/{uuid}/move", authz.QueueServe, h.moveTicket)
	rt.Handle("GET /applications/new", authz.QueueServe, h.newApplication)
	rt.Handle("POST /applications", authz.QueueServe, h.fileApplication)
	rt.Handle("GET /applications", authz.Decide, h.applications)
	rt.Handle("GET /applications/{uuid}", authz.PersonRead, h.application)
	rt.Handle("POST /applications/{uuid}/move", authz.Decide, h.moveApplication)
	rt.Handle("GET /applications/{uuid}/documents/{id}", authz.PersonRead, h.document)

	rt.Handle("GET /reports/service", authz.ServiceReport, h.reports)
	rt.Handle("GET /admin/services", authz.CatalogueManage, h.adminCatalogue)
	rt.Handle("GET /admin/services/{code}", authz.CatalogueManage, h.editPassport)
	rt.Handle("POST /admin/services/{code}", authz.CatalogueManage, h.savePassport)
	rt.Handle("GET /admin/calendar", authz.CatalogueManage, h.calendar)
	rt.Handle("POST /admin/calendar", authz.CatalogueManage, h.setDay)
	rt.Handle("POST /admin/calendar/{day}/delete", authz.CatalogueManage, h.deleteDay)
}
