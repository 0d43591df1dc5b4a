package programsweb

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
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
	rt.Handle("POST /programs/{code}/rules/check", authz.ProgramManage, h.checkRule)
	rt.Handle("GET /programs/{code}/rules/diff", authz.ProgramManage, h.ruleDiff)
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
	if len(v.Rules) > 0 {
		newest := v.Rules[len(v.Rules)-1].Rule
		if v.Draft == "" {
			v.Draft = ruleJSON(newest)
		}
		if v.Form == nil {
			f := formOf(newest)
			v.Form = &f
		}
	}
	if v.Form == nil {
		f := ruleForm{}.withSpareRows()
		v.Form = &f
	}
	web.Render(w, r, status, programPage(v))
}

// setParam records a parameter's value from a date, typed in manat ("143.00") and stored in
// qəpik.
func (h *Handler) setParam(w http.ResponseWriter, r *http.Request) {
	value, err := money.Parse(r.PostFormValue("value"))
	from, derr := clock.ParseDate(r.PostFormValue("effective_from"))
	switch {
	case err != nil || value < 0:
		err = fail.Fields{{Name: "value", Key: "invalid.param_value"}}
	case derr != nil:
		err = fail.Fields{{Name: "effective_from", Key: "invalid.date"}}
	default:
		err = h.svc.SetParam(r.Context(), r.PathValue("code"), programs.Param{Name: r.PostFormValue("name"), EffectiveFrom: from, Value: int64(value)})
	}
	if err != nil {
		v := programView{Param: typed(r, "name", "effective_from", "value"), ParamErrors: web.FieldMessages(r.Context(), err)}
		if v.ParamErrors == nil {
			h.refused(w, r, err, v)
			return
		}
		h.renderProgram(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.afterProgram(w, r, nil, "")
}

// saveRule saves a new draft from the editor's form or, when the advanced view sent the rule
// as JSON ("rule", as the API takes it), from that; both through programs.SaveRule.
func (h *Handler) saveRule(w http.ResponseWriter, r *http.Request) {
	if r.PostForm.Has("rule") {
		h.saveRuleJSON(w, r)
		return
	}
	f := readRuleForm(r)
	rule, at, err := h.checkRuleForm(r, f)
	if err == nil {
		_, err = h.svc.SaveRule(r.Context(), r.PathValue("code"), rule)
	}
	if err == nil {
		h.afterProgram(w, r, nil, "")
		return
	}
	if !f.placeErrors(r, err, at) {
		h.refused(w, r, err, programView{})
		return
	}
	f = f.withSpareRows()
	rule.Program = r.PathValue("code")
	h.renderProgram(w, r, http.StatusUnprocessableEntity, programView{Form: &f, Draft: ruleJSON(rule)})
}

// checkRuleForm is the rule the form describes with every problem SaveRule would find in it
// (and a date that does not parse), so that saving and checking as one types agree.
func (h *Handler) checkRuleForm(r *http.Request, f ruleForm) (eligibility.Rule, rows, error) {
	rule, at, dateErr := f.rule()
	err := h.svc.CheckRule(r.Context(), r.PathValue("code"), rule)
	var all, checked fail.Fields
	if !errors.As(dateErr, &all) || (err != nil && !errors.As(err, &checked)) {
		return rule, at, err
	}
	for _, c := range checked {
		if !slices.ContainsFunc(all, func(t fail.Field) bool { return t.Name == c.Name }) {
			all = append(all, c)
		}
	}
	return rule, at, all.Err()
}

// checkRule answers the rule editor's check as the analyst types: the problems of the form as
// it stands, each keyed by its field on the page ("cond.2.expr"), in the analyst's language.
// Nothing is saved.
func (h *Handler) checkRule(w http.ResponseWriter, r *http.Request) {
	f := readRuleForm(r)
	_, at, err := h.checkRuleForm(r, f)
	answer := struct {
		Errors  map[string]string `json:"errors"`
		General []string          `json:"general"`
	}{map[string]string{}, []string{}}
	status := http.StatusOK
	if err != nil && !f.placeErrors(r, err, at) {
		p := web.ToProblem(r.Context(), err, "")
		status, answer.General = p.Status, []string{p.Detail}
	}
	if f.Errors != nil {
		answer.Errors, answer.General = f.Errors, append(answer.General, f.General...)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(answer)
}

// saveRuleJSON saves the rule sent as a JSON document by the advanced view.
func (h *Handler) saveRuleJSON(w http.ResponseWriter, r *http.Request) {
	text := r.PostFormValue("rule")
	var rule eligibility.Rule
	err := json.Unmarshal([]byte(text), &rule)
	if err != nil {
		err = fail.Fields{{Name: "rule", Key: "invalid.rule_json", Args: map[string]any{"Message": err.Error()}}}
	} else {
		_, err = h.svc.SaveRule(r.Context(), r.PathValue("code"), rule)
		err = eligibility.InDocument([]byte(text), err) // positions in the text the analyst edits
	}
	if err != nil {
		h.refused(w, r, err, programView{Draft: text, JSONOpen: true})
		return
	}
	h.afterProgram(w, r, nil, "")
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
	if v.Draft != "" {
		v.JSONOpen = true
	}
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
