// Package registryweb serves the social registry: the back-office pages (search, person card,
// corrections) and the JSON API under /api/v1/persons.
package registryweb

import (
	"context"
	"net/url"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// Handler holds what the registry's pages and operations need.
type Handler struct {
	svc     *registry.Service
	imports *importer.Service
}

// New returns the registry's handlers.
func New(svc *registry.Service) *Handler { return &Handler{svc: svc} }

// Routes registers the back-office pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /persons", authz.PersonRead, h.search)
	rt.Handle("GET /persons/{fin}", authz.PersonRead, h.card)
	rt.Handle("GET /persons/{fin}/print", authz.PersonRead, h.printCard)
	rt.Handle("GET /persons/{fin}/edit", authz.PersonWrite, h.editForm)
	rt.Handle("POST /persons/{fin}/edit", authz.PersonWrite, h.save)
	h.formRoutes(rt)
	h.incomeRoutes(rt)
	h.importRoutes(rt)
	h.ibanRoutes(rt)
}

const registryWrite = authz.PersonWrite

// placeName names a place in the request's language.
func (h *Handler) placeName(ctx context.Context) func(int64) string {
	lang := i18n.Lang(ctx)
	return func(id int64) string { return h.svc.PlaceLabel(id, lang) }
}

// queryFrom reads a search from URL parameters (shared by the page and the API).
func queryFrom(v url.Values) registry.Query {
	q := registry.Query{Text: v.Get("q"), After: v.Get("after")}
	q.BirthYear, _ = strconv.Atoi(v.Get("birth_year"))
	q.DistrictID, _ = strconv.ParseInt(v.Get("district"), 10, 64)
	q.Limit, _ = strconv.Atoi(v.Get("limit"))
	if d, err := parseDate(v.Get("birth_date")); err == nil {
		q.BirthDate = d
	}
	return q
}

func nextURL(v searchView) string {
	u := url.Values{"q": {v.Query.Text}, "after": {v.Next}}
	if v.BirthYear != "" {
		u.Set("birth_year", v.BirthYear)
	}
	if !v.Query.BirthDate.IsZero() {
		u.Set("birth_date", v.Query.BirthDate.String())
	}
	if v.Query.DistrictID != 0 {
		u.Set("district", strconv.FormatInt(v.Query.DistrictID, 10))
	}
	return "/persons?" + u.Encode()
}
