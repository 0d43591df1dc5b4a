package portal

import (
	"net/http"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/payments"
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
	Address      string
	Household    registry.Household
	Benefits     programs.Benefits
	Programs     map[int64]programs.Program
	Payments     []payments.Payment
	Applications []appRow
	Certificates []servicedesk.Certificate
	Appeals      []appeals.Appeal
	Messages     []notify.Message
	Flash        string
	Today        string
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

// cabinet gathers everything the cabinet shows; each read is audited by its service.
func (h *Handler) cabinet(r *http.Request) (homeView, error) {
	ctx := r.Context()
	p := me(r)
	var v homeView
	var err error
	if v.Benefits, err = h.programs.BenefitsOf(ctx, p.PersonFIN); err != nil {
		return v, err
	}
	v.Person = v.Benefits.Person
	v.Address = h.registry.PlaceLabel(v.Person.RegPlaceID, i18n.Lang(ctx))
	if v.Household, err = h.registry.Household(ctx, v.Person); err != nil && !isNotFound(err) {
		return v, err
	}
	progs, err := h.programs.Programs(ctx)
	if err != nil {
		return v, err
	}
	v.Programs = map[int64]programs.Program{}
	for _, pr := range progs {
		v.Programs[pr.ID] = pr
	}
	if v.Payments, err = h.payments.PaymentsOf(ctx, p.PersonID); err != nil {
		return v, err
	}
	apps, err := h.desk.Applications(ctx, servicedesk.ApplicationFilter{PersonID: p.PersonID, Limit: 50})
	if err != nil {
		return v, err
	}
	v.Applications = h.rows(apps)
	if v.Certificates, err = h.desk.CertificatesOf(ctx, p.PersonID); err != nil {
		return v, err
	}
	if v.Appeals, err = h.appeals.List(ctx, appeals.Filter{PersonID: p.PersonID, Limit: 20}); err != nil {
		return v, err
	}
	v.Messages, err = h.outbox.Of(ctx, p.PersonID, 10)
	v.Today = h.desk.Today().String()
	return v, err
}

func (h *Handler) rows(apps []servicedesk.Application) []appRow {
	cal, today := h.desk.Calendar().Get(), h.desk.Today()
	out := make([]appRow, len(apps))
	for i, a := range apps {
		out[i] = appRow{A: a, Deadline: a.Deadline(cal, today), DaysLeft: a.DaysLeft(cal, today)}
	}
	return out
}
