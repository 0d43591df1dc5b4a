package programsweb

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// programRoutes registers the analyst's pages.
func (h *Handler) programRoutes(rt web.Router) {
	rt.Handle("GET /programs", authz.ProgramManage, h.programs)
	rt.Handle("POST /programs", authz.ProgramManage, h.define)
	rt.Handle("GET /programs/{code}", authz.ProgramManage, h.program)
	rt.Handle("POST /programs/{code}/params", authz.ProgramManage, h.setParam)
	rt.Handle("POST /programs/{code}/rules", authz.ProgramManage, h.saveRule)
	rt.Handle("POST /programs/{code}/rules/{version}/dry-run", authz.ProgramManage, h.startDryRun)
	rt.Handle("GET /programs/{code}/dry-runs/{id}", authz.ProgramManage, h.dryRun)
	rt.Handle("POST /programs/{code}/rules/{version}/activate", authz.ProgramManage, h.activate)
}

func (h *Handler) programs(w http.ResponseWriter, r *http.Request) {
	h.renderPrograms(w, r, http.StatusOK, programsView{})
}

func (h *Handler) renderPrograms(w http.ResponseWriter, r *http.Request, status int, v programsView) {
	var err error
	if v.Programs, err = h.svc.Programs(r.Context()); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, programsPage(v))
}

func (h *Handler) define(w http.ResponseWriter, r *http.Request) {
	months, _ := strconv.Atoi(r.PostFormValue("award_months"))
	p := programs.Program{Code: r.PostFormValue("code"), Name: web.FormText(r, "name"), Kind: r.PostFormValue("kind"), Unit: r.PostFormValue("unit"), AwardMonths: months,
		Reassessed: r.PostFormValue("reassessed") == "on", Institution: r.PostFormValue("institution")}
	p, err := h.svc.Define(r.Context(), p)
	if err == nil {
		http.Redirect(w, r, "/programs/"+p.Code, http.StatusSeeOther)
		return
	}
	values := map[string]string{}
	for _, f := range []string{"code", "institution", "award_months", "kind", "unit", "reassessed"} {
		values[f] = r.PostFormValue(f)
	}
	if msgs := web.FieldMessages(r.Context(), err); msgs != nil {
		h.renderPrograms(w, r, http.StatusUnprocessableEntity, programsView{Values: values, Name: web.FormText(r, "name"), Errors: msgs})
		return
	}
	web.HTMLError(w, r, err)
}

func (h *Handler) program(w http.ResponseWriter, r *http.Request) {
	h.renderProgram(w, r, http.StatusOK, programView{Flash: flash(r)})
}

func flash(r *http.Request) string {
	if r.URL.Query().Get("saved") == "1" {
		return i18n.T(r.Context(), "person.saved")
	}
	return ""
}

// renderProgram shows a programme with its parameters and rule versions; the editor holds
// the given draft, or the newest version as a starting point.
func (h *Handler) renderProgram(w http.ResponseWriter, r *http.Request, status int, v programView) {
	code := r.PathValue("code")
	var err error
	if v.P, err = h.svc.Program(r.Context(), code); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.Params, err = h.svc.ParamHistory(r.Context(), code); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.Rules, err = h.svc.Rules(r.Context(), code); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.History, err = h.svc.DryRuns(r.Context(), code); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.Draft == "" && len(v.Rules) > 0 {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the editor shows "<" as typed; the page escapes it
		enc.SetIndent("", "  ")
		enc.Encode(v.Rules[len(v.Rules)-1].Rule)
		v.Draft = b.String()
	}
	web.Render(w, r, status, programPage(v))
}

func (h *Handler) setParam(w http.ResponseWriter, r *http.Request) {
	value, err := strconv.ParseInt(r.PostFormValue("value"), 10, 64)
	from, derr := clock.ParseDate(r.PostFormValue("effective_from"))
	switch {
	case err != nil:
		err = fail.Fields{{Name: "value", Key: "invalid.amount"}}
	case derr != nil:
		err = fail.Fields{{Name: "effective_from", Key: "invalid.date"}}
	default:
		err = h.svc.SetParam(r.Context(), r.PathValue("code"), programs.Param{Name: r.PostFormValue("name"), EffectiveFrom: from, Value: value})
	}
	if err != nil {
		h.refused(w, r, err, programView{Param: map[string]string{
			"name": r.PostFormValue("name"), "effective_from": r.PostFormValue("effective_from"), "value": r.PostFormValue("value")}})
		return
	}
	h.afterProgram(w, r, nil, "")
}

func (h *Handler) saveRule(w http.ResponseWriter, r *http.Request) {
	text := r.PostFormValue("rule")
	var rule eligibility.Rule
	err := json.Unmarshal([]byte(text), &rule)
	if err != nil {
		err = fail.Fields{{Name: "rule", Key: "invalid.rule_json", Args: map[string]any{"Message": err.Error()}}}
	} else {
		_, err = h.svc.SaveRule(r.Context(), r.PathValue("code"), rule)
		err = eligibility.InDocument([]byte(text), err) // positions in the text the analyst edits
	}
	h.afterProgram(w, r, err, text)
}

func (h *Handler) activate(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.Atoi(r.PathValue("version"))
	h.afterProgram(w, r, h.svc.Activate(r.Context(), r.PathValue("code"), version), "")
}

// afterProgram returns to the programme page: saved, or with every problem listed (the
// rule editor keeps what was typed).
func (h *Handler) afterProgram(w http.ResponseWriter, r *http.Request, err error, draft string) {
	if err == nil {
		http.Redirect(w, r, "/programs/"+r.PathValue("code")+"?saved=1", http.StatusSeeOther)
		return
	}
	h.refused(w, r, err, programView{Draft: draft})
}

// refused shows the programme page again with every problem of err listed, and what the
// analyst typed (v's Draft or Param) kept.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, err error, v programView) {
	p := web.ToProblem(r.Context(), err, "")
	v.Errors = []string{p.Detail}
	for _, f := range p.Errors {
		v.Errors = append(v.Errors, f.Location+": "+f.Message)
	}
	h.renderProgram(w, r, p.Status, v)
}

// factList names the facts a rule may read on object, with their types, for the editor.
func factList(object string) string {
	var out []string
	for _, f := range eligibility.Offered(object) {
		out = append(out, f.Name+" ("+f.Type.String()+")")
	}
	return strings.Join(out, ", ")
}
