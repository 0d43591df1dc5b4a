package servicedeskweb

import (
	"net/http"
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// catalogue lists the services in force by direction, filtered by a search text.
func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request) {
	all, err := h.svc.Catalogue(r.Context(), false)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var shown []servicedesk.Passport
	for _, p := range all {
		if q == "" || strings.Contains(strings.ToLower(p.Code+" "+p.Name.In(i18n.Lang(r.Context()))), strings.ToLower(q)) {
			shown = append(shown, p)
		}
	}
	web.Render(w, r, http.StatusOK, cataloguePage(q, shown))
}

func (h *Handler) passport(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Passport(r.Context(), r.PathValue("code"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, passportPage(p))
}
