package queueweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/web"
)

// waiting is the desk's waiting list by service for one centre, alone: the desk page
// refreshes it every few seconds so that the operator sees the line grow.
func (h *Handler) waiting(w http.ResponseWriter, r *http.Request) {
	centre := r.URL.Query().Get("centre")
	lines, err := h.svc.WaitingByService(r.Context(), centre)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, waitingTable(lines, h.svc.Now()))
}
