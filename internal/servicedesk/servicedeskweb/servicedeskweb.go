// Package servicedeskweb serves the single window's pages and API: the public catalogue,
// applications in the front and back office, the centre manager's reports, certificate
// verification, rating links and the rating tablet at a desk. The kiosk, the board and the
// operator's desk are the queue's (queue/queueweb).
package servicedeskweb

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Handler holds what the pages need.
type Handler struct {
	svc     *servicedesk.Service
	visits  Visits
	appeals AppealWork // nil: "my work" lists applications only
}

// Visits is the queue's part of the service report: the queue's service provides it, so that
// the single window shows it without depending on the queue.
type Visits interface {
	QueueStats(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueRow, error)
	QueueByDay(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueDay, error)
}

// New returns the single window's handlers; the service report takes its queue figures from
// visits.
func New(svc *servicedesk.Service, visits Visits) *Handler { return &Handler{svc: svc, visits: visits} }

// Routes registers the pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /services", authz.Public, h.catalogue)
	rt.Handle("GET /services/{code}", authz.Public, h.passport)
	rt.Handle("GET /verify", authz.Public, h.verifyForm)
	rt.Handle("POST /verify", authz.Public, h.verify)
	rt.Handle("GET /rate/{token}", authz.Public, h.rateForm)
	rt.Handle("POST /rate/{token}", authz.Public, h.rate)

	rt.Handle("GET /desks/{centre}/{desk}/rating", authz.QueueServe, h.deskRating) // the tablet, signed in as the desk's operator
	rt.Handle("GET /applications/new", authz.QueueServe, h.newApplication)
	rt.Handle("POST /applications", authz.QueueServe, h.fileApplication)
	rt.Handle("GET /applications", authz.Decide, h.applications)
	rt.Handle("POST /applications/assign", servicedesk.Assign, h.assign)
	rt.Handle("POST /applications/take", authz.Decide, h.take)
	rt.Handle("GET /work", authz.Decide, h.myWork)
	rt.Handle("GET /absences", servicedesk.Assign, h.absences)
	rt.Handle("POST /absences", servicedesk.Assign, h.recordAbsence)
	rt.Handle("GET /applications/{uuid}", authz.PersonRead, h.application)
	rt.Handle("POST /applications/{uuid}/move", authz.Decide, h.moveApplication)
	rt.Handle("GET /applications/{uuid}/documents/{id}", authz.PersonRead, h.document)
	rt.Handle("GET /applications/{uuid}/receipt", authz.PersonRead, h.receipt)
	rt.Handle("GET /applications/{uuid}/letter", authz.PersonRead, h.letter)

	rt.Handle("GET /reports/service", authz.ServiceReport, h.reports)
	rt.Handle("GET /admin/services", authz.CatalogueManage, h.adminCatalogue)
	rt.Handle("GET /admin/services/{code}", authz.CatalogueManage, h.editPassport)
	rt.Handle("POST /admin/services/{code}", authz.CatalogueManage, h.savePassport)
	rt.Handle("GET /admin/calendar", authz.CatalogueManage, h.calendar)
	rt.Handle("POST /admin/calendar", authz.CatalogueManage, h.setDay)
	rt.Handle("POST /admin/calendar/{day}/delete", authz.CatalogueManage, h.deleteDay)
}
