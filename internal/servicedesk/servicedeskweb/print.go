package servicedeskweb

import (
	"fmt"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// receipt is the print view of an application as filed: what the citizen takes home from
// the desk. Whoever may open the application may print it.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Application(r.Context(), r.PathValue("uuid"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	centre := ""
	if a.CentreID != 0 {
		cs, err := h.svc.Centres(r.Context())
		if err != nil {
			web.HTMLError(w, r, err)
			return
		}
		for _, c := range cs {
			if c.ID == a.CentreID {
				centre = c.Name.In(i18n.Lang(r.Context()))
			}
		}
	}
	web.Render(w, r, http.StatusOK, receiptPage(a, centre))
}

// letter sends the decision on an application as the official letter (PDF) in the
// citizen's language; the service refuses what the officer may not read and logs the read.
func (h *Handler) letter(w http.ResponseWriter, r *http.Request) {
	l, err := h.svc.DecisionLetter(r.Context(), r.PathValue("uuid"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	SendLetter(w, l)
}

// SendLetter writes a decision letter as a PDF download; the portal sends the citizen's the
// same way.
func SendLetter(w http.ResponseWriter, l servicedesk.Letter) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Language", l.Lang)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", l.Name))
	w.Write(l.PDF)
}
