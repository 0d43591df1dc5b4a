package interopweb

import (
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// exchangePageView is the operators' page: agreements (those ending within a month marked),
// traffic per client, and failed deliveries with a retry button.
func (h *Handler) exchangePageView(w http.ResponseWriter, r *http.Request) {
	x, err := h.svc.Exchange(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	flash := ""
	if r.URL.Query().Get("retried") != "" {
		flash = i18n.T(r.Context(), "dci.retried")
	}
	web.Render(w, r, http.StatusOK, exchangePage(x, flash))
}

// retry queues a failed delivery again and returns to the page.
func (h *Handler) retry(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.svc.Retry(r.Context(), id); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/dci-exchange?retried=1", http.StatusSeeOther)
}
