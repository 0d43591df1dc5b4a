package programsweb

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// dryRunJob is a dry run started from the analyst's page. Over a national registry it takes
// a minute or more, so it runs in the background on this node and the page follows its
// progress; its result stays until the same version is run again or the node restarts.
type dryRunJob struct {
	Rule        string // "TSSA v2"
	Done, Total int64
	Result      *programs.DryRun
	Err         error
}

func (j dryRunJob) finished() bool { return j.Result != nil || j.Err != nil }

// Percent is how far through the registry the run is.
func (j dryRunJob) Percent() int64 { return 100 * j.Done / max(j.Total, 1) }

func dryRunKey(code, version string) string { return code + " v" + version }

// startDryRun starts a dry run of a rule version, acting for the analyst, unless one is
// already running, and sends the analyst to the page that follows it.
func (h *Handler) startDryRun(w http.ResponseWriter, r *http.Request) {
	code, version := r.PathValue("code"), r.PathValue("version")
	n, err := strconv.Atoi(version)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	key := dryRunKey(code, version)
	h.mu.Lock()
	if j, ok := h.dryRuns[key]; !ok || j.finished() {
		j = &dryRunJob{Rule: key}
		h.dryRuns[key] = j
		bg := authz.With(context.WithoutCancel(r.Context()), authz.From(r.Context()))
		go h.runDryRun(bg, j, code, n, i18n.Lang(r.Context()))
	}
	h.mu.Unlock()
	http.Redirect(w, r, "/programs/"+code+"/rules/"+version+"/dry-run", http.StatusSeeOther)
}

func (h *Handler) runDryRun(ctx context.Context, j *dryRunJob, code string, version int, lang string) {
	run, err := h.svc.DryRunRule(ctx, code, version, clock.Today(clock.System{}), lang, func(done, total int64) {
		h.mu.Lock()
		j.Done, j.Total = max(j.Done, done), total
		h.mu.Unlock()
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	if j.Err = err; err == nil {
		j.Result = &run
	}
}

// dryRun shows the programme with the dry run's progress, or its result once it is done.
func (h *Handler) dryRun(w http.ResponseWriter, r *http.Request) {
	code, version := r.PathValue("code"), r.PathValue("version")
	h.mu.Lock()
	j, ok := h.dryRuns[dryRunKey(code, version)]
	var snap dryRunJob
	if ok {
		snap = *j
	}
	h.mu.Unlock()
	if !ok {
		http.Redirect(w, r, "/programs/"+code, http.StatusSeeOther)
		return
	}
	if snap.Err != nil {
		h.afterProgram(w, r, snap.Err, "")
		return
	}
	v := programView{DryRun: snap.Result, DryRunURL: "/programs/" + code + "/rules/" + version + "/dry-run"}
	if !snap.finished() {
		v.Running = &snap
	}
	h.renderProgram(w, r, http.StatusOK, v)
}
