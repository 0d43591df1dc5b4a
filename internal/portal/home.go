package portal

import (
	"net/http"
	"strings"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// homeView is the citizen's personal cabinet.
type homeView struct {
	Person       registry.Person
	Address      string // the place and the street, as one line
	Household    registry.Household
	Benefits     programs.Benefits
	Programs     map[int64]programs.Program
	Payments     []payments.Payment
	Applications []appRow
	Certificates []servicedesk.Certificate
	Appeals      []appeals.Appeal
	Messages     []notify.Message
	Flash        string
	Today        clock.Date
	PendingIBAN  *registry.IBANChange // a new account awaiting the citizen's confirmation
}

type appRow struct {
	A        servicedesk.Application
	Deadline string
	DaysLeft int
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	v, err := h.cabinet(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if f := r.URL.Query().Get("done"); f != "" {
		v.Flash = i18n.T(r.Context(), "portal.done."+f)
	}
	web.Render(w, r, http.StatusOK, homePage(v))
}

// cabinet gathers everything the cabinet shows. The reads are independent, so they run
// side by side (their audit entries then share one group commit); each is audited by its
// service.
func (h *Handler) cabinet(r *http.Request) (homeView, error) {
	ctx := r.Context()
	p := me(r)
	var v homeView
	var progs []programs.Program
	var apps []servicedesk.Application
	err := parallel(
		func() (err error) { v.Benefits, err = h.programs.BenefitsOf(ctx, p.PersonFIN); return },
		func() (err error) {
			v.Household, err = h.registry.Household(ctx, registry.Person{ID: p.PersonID})
			if isNotFound(err) {
				err = nil
			}
			return
		},
		func() (err error) { progs, err = h.programs.Programs(ctx); return },
		func() (err error) { v.Payments, err = h.payments.PaymentsOf(ctx, p.PersonID); return },
		func() (err error) {
			apps, err = h.desk.Applications(ctx, servicedesk.ApplicationFilter{PersonID: p.PersonID, Limit: 50})
			return
		},
		func() (err error) { v.Certificates, err = h.desk.CertificatesOf(ctx, p.PersonID); return },
		func() (err error) {
			v.Appeals, err = h.appeals.List(ctx, appeals.Filter{PersonID: p.PersonID, Limit: 20})
			return
		},
		func() (err error) { v.Messages, err = h.outbox.Of(ctx, p.PersonID, 10); return },
	)
	if err != nil {
		return v, err
	}
	v.Person = v.Benefits.Person
	v.Address = address(h.registry.PlaceLabel(v.Person.RegPlaceID, i18n.Lang(ctx)), v.Person.RegAddress)
	v.Programs = map[int64]programs.Program{}
	for _, pr := range progs {
		v.Programs[pr.ID] = pr
	}
	v.Applications = h.rows(apps)
	v.Today = h.desk.Today()
	v.PendingIBAN, err = h.pendingIBAN(ctx)
	return v, err
}

// parallel runs fns at once and returns the first error.
func parallel(fns ...func() error) error {
	errs := make(chan error, len(fns))
	for _, fn := range fns {
		go func() { errs <- fn() }()
	}
	var first error
	for range fns {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (h *Handler) rows(apps []servicedesk.Application) []appRow {
	cal, today := h.desk.Calendar().Get(), h.desk.Today()
	out := make([]appRow, len(apps))
	for i, a := range apps {
		out[i] = appRow{A: a, Deadline: a.Deadline(cal, today), DaysLeft: a.DaysLeft(cal, today)}
	}
	return out
}

// address writes the place and the street as one line, a comma between them ("Pirallahi
// settlement, Pirallahi district, Neftçilər pr. 17, m. 40"); either may be missing.
func address(place, street string) string {
	parts := make([]string, 0, 2)
	for _, p := range []string{place, strings.TrimSpace(street)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
