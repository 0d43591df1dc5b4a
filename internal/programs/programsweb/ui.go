package programsweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// Routes registers the benefits pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /persons/{fin}/benefits", authz.PersonRead, h.benefits)
	rt.Handle("POST /persons/{fin}/benefits", authz.Decide, h.decide)
	rt.Handle("POST /decisions/{uuid}/override", authz.Decide, h.override)
	rt.Handle("POST /entitlements/{uuid}/status", authz.Decide, h.setStatus)
	h.programRoutes(rt)
	h.overrideRoutes(rt)
}

func (h *Handler) benefits(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("saved") == "1" {
		flash = i18n.T(r.Context(), "person.saved")
	}
	if r.URL.Query().Get("held") == "1" {
		flash = i18n.T(r.Context(), "foureyes.override_held")
	}
	h.render(w, r, r.PathValue("fin"), http.StatusOK, benefitsView{Flash: flash})
}

// render shows the person's benefits; v brings the flash, or the problem and what the
// officer typed in the refused form.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, fin string, status int, v benefitsView) {
	b, err := h.svc.BenefitsOf(r.Context(), fin)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	progs, err := h.svc.Programs(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.B, v.Programs, v.CanDecide = b, progs, authz.From(r.Context()).Can(authz.Decide)
	web.Render(w, r, status, benefitsPage(v))
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request) {
	fin := r.PathValue("fin")
	day, err := clock.ParseDate(r.PostFormValue("date"))
	if err == nil {
		var d programs.Decision
		d, err = h.svc.Decide(r.Context(), r.PostFormValue("program"), fin, day)
		if err == nil && d.Outcome == programs.Review { // nothing was decided, so nothing to redirect to
			h.render(w, r, fin, http.StatusOK, benefitsView{Typed: typed(r, "program", "date"),
				Referral: i18n.T(r.Context(), "decision.review") + ": " + d.Explanation.In(i18n.Lang(r.Context()))})
			return
		}
	} else {
		err = fail.Fields{{Name: "date", Key: "invalid.date"}}
	}
	h.after(w, r, fin, err, benefitsView{Typed: typed(r, "program", "date")})
}

// typed is what the officer sent in the named fields, for the form to show again.
func typed(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = r.PostFormValue(n)
	}
	return out
}

func (h *Handler) override(w http.ResponseWriter, r *http.Request) {
	fin := r.PostFormValue("fin")
	sent := benefitsView{Form: r.PathValue("uuid"), Typed: typed(r, "outcome", "amount", "reason")}
	amount, err := money.Parse(r.PostFormValue("amount"))
	if err != nil && r.PostFormValue("outcome") == "granted" {
		h.after(w, r, fin, fail.Fields{{Name: "amount", Key: "invalid.amount"}}, sent)
		return
	}
	d, err := h.svc.Override(r.Context(), r.PathValue("uuid"), r.PostFormValue("outcome"), amount, r.PostFormValue("reason"))
	if err == nil && d.PendingOverride != "" {
		http.Redirect(w, r, "/persons/"+fin+"/benefits?held=1", http.StatusSeeOther)
		return
	}
	h.after(w, r, fin, err, sent)
}

// after answers a decision or an override: saved, or the page again with the problem and
// what was sent (in sent).
func (h *Handler) after(w http.ResponseWriter, r *http.Request, fin string, err error, sent benefitsView) {
	if err == nil {
		http.Redirect(w, r, "/persons/"+fin+"/benefits?saved=1", http.StatusSeeOther)
		return
	}
	if msgs := web.FieldMessages(r.Context(), err); msgs != nil {
		text := ""
		for f, m := range msgs {
			text += i18n.T(r.Context(), "field."+f) + ": " + m + " "
		}
		sent.Problem = text
		h.render(w, r, fin, http.StatusUnprocessableEntity, sent)
		return
	}
	p := web.ToProblem(r.Context(), err, "")
	sent.Problem = p.Detail
	h.render(w, r, fin, p.Status, sent)
}

// setStatus suspends, resumes or terminates an entitlement from a date, for a reason.
func (h *Handler) setStatus(w http.ResponseWriter, r *http.Request) {
	fin := r.PostFormValue("fin")
	sent := benefitsView{Form: r.PathValue("uuid"), Typed: typed(r, "status", "from", "reason")}
	from, err := clock.ParseDate(r.PostFormValue("from"))
	if err != nil {
		h.after(w, r, fin, fail.Fields{{Name: "date", Key: "invalid.date"}}, sent)
		return
	}
	ent, err := h.svc.EntitlementByUUID(r.Context(), r.PathValue("uuid"))
	if err == nil {
		_, err = h.svc.SetStatus(r.Context(), ent, r.PostFormValue("status"), r.PostFormValue("reason"), from)
	}
	h.after(w, r, fin, err, sent)
}
