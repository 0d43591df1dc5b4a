package registryweb

import (
	"errors"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
)

// printCard is the print view of a person's card: personal data, household and categories
// on one A4 page, for the paper file. Whoever may open the card may print it; the reads are
// audited as the card's are, under their own purpose.
func (h *Handler) printCard(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Person(r.Context(), r.PathValue("fin"), "person card print")
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v := cardView{P: p, Tab: "personal", Place: h.placeName(r.Context())}
	if v.Categories, err = h.svc.Categories(r.Context(), p); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	hh, err := h.svc.Household(r.Context(), p)
	switch {
	case err == nil:
		v.Household = &hh
	case !errors.Is(err, fail.ErrNotFound):
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, printCardPage(v))
}
