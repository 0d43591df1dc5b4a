package portal

import (
	"fmt"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/web"
)

// decisionLetter sends the citizen the decision on one of their own applications as the
// official letter (PDF) in the language they filed in. Another citizen's application is
// not found: the single window reads only the signed-in person's, and logs each letter.
func (h *Handler) decisionLetter(w http.ResponseWriter, r *http.Request) {
	l, err := h.desk.DecisionLetter(r.Context(), r.PathValue("uuid"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Language", l.Lang)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", l.Name))
	w.Write(l.PDF)
}
