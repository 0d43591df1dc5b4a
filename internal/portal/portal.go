// Package portal is the citizen portal "e-social": a signed-in citizen sees their registry
// record and household, benefits and payments, applications with status and deadline,
// certificates, appeals and messages, and files applications, bookings, appeals and ratings.
// It composes the domains' services and owns no data of its own.
package portal

import (
	"context"
	"net/http"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Registry is what the portal reads of the citizen's registry record.
type Registry interface {
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
	Household(ctx context.Context, p registry.Person) (registry.Household, error)
	PlaceLabel(id int64, lang string) string
}

// Handler holds the services the portal shows.
type Handler struct {
	registry  Registry
	programs  *programs.Service
	payments  *payments.Service
	desk      *servicedesk.Service
	queue     *queue.Service
	appeals   *appeals.Service
	directory Directory
	outbox    *notify.Outbox
}

// Directory lists the ministry's institutions, to which a citizen addresses an appeal:
// identity's service.
type Directory interface {
	Institutions(ctx context.Context) ([]identity.Institution, error)
}

// New returns the portal's handlers over the domains' services.
func New(r Registry, pr *programs.Service, pay *payments.Service, d *servicedesk.Service, q *queue.Service, ap *appeals.Service, dir Directory, o *notify.Outbox) *Handler {
	return &Handler{registry: r, programs: pr, payments: pay, desk: d, queue: q, appeals: ap, directory: dir, outbox: o}
}

// Routes registers the portal's pages; every one needs a signed-in citizen.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /e-social", authz.CitizenSelf, h.home)
	rt.Handle("GET /e-social/apply", authz.CitizenSelf, h.services)
	rt.Handle("GET /e-social/apply/{code}", authz.CitizenSelf, h.applyForm)
	rt.Handle("POST /e-social/apply/{code}", authz.CitizenSelf, h.apply)
	rt.Handle("GET /e-social/applications/{uuid}", authz.CitizenSelf, h.application)
	rt.Handle("POST /e-social/applications/{uuid}/withdraw", authz.CitizenSelf, h.withdraw)
	rt.Handle("POST /e-social/applications/{uuid}/certificate", authz.CitizenSelf, h.decisionCertificate)
	rt.Handle("GET /e-social/applications/{uuid}/letter", authz.CitizenSelf, h.decisionLetter)
	rt.Handle("POST /e-social/certificates", authz.CitizenSelf, h.benefitsCertificate)
	rt.Handle("GET /e-social/certificates/{code}", authz.CitizenSelf, h.certificate)
	rt.Handle("GET /e-social/book", authz.CitizenSelf, h.bookForm)
	rt.Handle("POST /e-social/book", authz.CitizenSelf, h.book)
	rt.Handle("GET /e-social/appeals/new", authz.CitizenSelf, h.appealForm)
	rt.Handle("POST /e-social/appeals", authz.CitizenSelf, h.fileAppeal)
	rt.Handle("GET /e-social/appeals/{uuid}", authz.CitizenSelf, h.appeal)
	rt.Handle("POST /e-social/iban/{uuid}/confirm", authz.CitizenSelf, h.confirmIBAN)
}

func me(r *http.Request) *authz.Principal { return authz.From(r.Context()) }
