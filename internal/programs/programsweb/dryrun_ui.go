package programsweb

import (
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// startDryRun starts a recorded dry run of a rule version, acting for the analyst, and sends
// the analyst to its page. Over a national registry a run takes a minute or more, so it goes
// on in the background and the page follows it.
func (h *Handler) startDryRun(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	rec, err := h.svc.StartDryRun(r.Context(), code, version, clock.Today(clock.System{}), i18n.Lang(r.Context()))
	if err != nil {
		h.afterProgram(w, r, err, "")
		return
	}
	http.Redirect(w, r, dryRunURL(rec), http.StatusSeeOther)
}

func dryRunURL(rec programs.DryRunRecord) string {
	return "/programs/" + rec.Program + "/dry-runs/" + strconv.FormatInt(rec.ID, 10)
}

// dryRun shows the programme with one recorded dry run: its progress while it runs, its
// result once done, or why it did not finish.
func (h *Handler) dryRun(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	rec, err := h.svc.DryRunByID(r.Context(), r.PathValue("code"), id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	h.renderProgram(w, r, http.StatusOK, programView{Record: &rec})
}

// dryRunState is how a recorded run reads in a list: running, done, failed or interrupted.
func dryRunState(rec programs.DryRunRecord) string {
	if rec.Interrupted {
		return "interrupted"
	}
	return rec.Status
}
