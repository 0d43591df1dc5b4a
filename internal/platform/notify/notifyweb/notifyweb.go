// Package notifyweb is the operations page of the notification outbox: how many messages wait,
// went out or failed, and the failed ones to send again once the gateway is fixed. It shows
// masked addresses and no message text, so an administrator reads no personal data.
package notifyweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Handler serves the outbox page.
type Handler struct{ outbox *notify.Outbox }

// New returns the outbox page.
func New(o *notify.Outbox) *Handler { return &Handler{outbox: o} }

// Routes registers the page and the retry.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /admin/notifications", authz.Operations, h.status)
	rt.Handle("POST /admin/notifications/{uuid}/retry", authz.Operations, h.retry)
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	counts, failed, err := h.outbox.Status(r.Context(), 100)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, outboxPage(counts, failed))
}

func (h *Handler) retry(w http.ResponseWriter, r *http.Request) {
	if err := h.outbox.Retry(r.Context(), r.PathValue("uuid")); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/notifications", http.StatusSeeOther)
}
