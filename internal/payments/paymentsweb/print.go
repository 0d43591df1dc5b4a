package paymentsweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
)

// printCycle is the print view of a cycle's totals — lines and amounts by status, the bank
// files, who prepared and approved it — for the paper file signed beside the bank order.
// It reads the cycle through the same scoped path as the cycle's page.
func (h *Handler) printCycle(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	out, err := h.apiCycle(r.Context(), &cycleIn{ID: id})
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	c, err := h.svc.Cycle(r.Context(), id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	files, err := h.svc.Files(r.Context(), id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	var lines int64
	var net money.Amount
	for _, t := range out.Body.Totals {
		lines, net = lines+t.Lines, net+t.Net
	}
	web.Render(w, r, http.StatusOK, printCyclePage(cycleView{C: c, Name: h.programName(r.Context(), c.Program), Totals: out.Body.Totals, Files: fileBodies(files)}, lines, net))
}
