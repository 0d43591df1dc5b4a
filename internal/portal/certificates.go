package portal

import (
	"fmt"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// benefitsCertificate issues a certificate of the benefits the citizen receives, in the
// language of the portal.
func (h *Handler) benefitsCertificate(w http.ResponseWriter, r *http.Request) {
	c, err := h.desk.IssueBenefits(r.Context(), i18n.Lang(r.Context()))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/e-social?done=certificate#cert-"+c.Code, http.StatusSeeOther)
}

func (h *Handler) decisionCertificate(w http.ResponseWriter, r *http.Request) {
	if _, err := h.desk.IssueDecision(r.Context(), r.PathValue("uuid"), i18n.Lang(r.Context())); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/e-social?done=certificate#certificates", http.StatusSeeOther)
}

// certificate sends one of the citizen's certificates as the PDF that was issued.
func (h *Handler) certificate(w http.ResponseWriter, r *http.Request) {
	c, err := h.desk.Certificate(r.Context(), r.PathValue("code"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"certificate-%s.pdf\"", c.Code))
	w.Write(c.PDF)
}
