package queueweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/web"
)

// waiting is the desk's waiting list by service for one centre, alone: the desk page
// refreshes it every few seconds so that the operator sees the line grow.
// Opened as a page (a bookmark, a link typed in), it sends the operator to the desk page,
// which shows the same list in the layout: a fragment alone is no page, and a missing centre
// is no reason for a 404.
func (h *Handler) waiting(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("HX-Request") != "true" {
		http.Redirect(w, r, "/desk", http.StatusSeeOther)
		return
	}
	centre := r.URL.Query().Get("centre")
	lines, err := h.svc.WaitingByService(r.Context(), centre)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, waitingTable(lines, h.svc.Now()))
}
