package servicedeskweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/servicedesk"
)

func (h *Handler) adminCatalogue(w http.ResponseWriter, r *http.Request) {
	all, err := h.svc.Catalogue(r.Context(), true)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, adminCataloguePage(all, r.URL.Query().Get("saved")))
}

// editPassport shows the passport form; the code "new" starts an empty passport.
func (h *Handler) editPassport(w http.ResponseWriter, r *http.Request) {
	p := servicedesk.Passport{Active: true, Channels: []string{servicedesk.ChannelCentre}, FrontMinutes: 15, BackMinutes: 15, DeadlineDays: 10}
	if code := r.PathValue("code"); code != "new" {
		var err error
		if p, err = h.svc.Passport(r.Context(), code); err != nil {
			web.HTMLError(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, passportForm(p, p.Fee.String(), r.PathValue("code"), "", nil))
}

func (h *Handler) savePassport(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, bad := passportFrom(r)
	var err error = bad.Err()
	if err == nil {
		p, err = h.svc.SavePassport(r.Context(), p)
	}
	if err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		web.Render(w, r, status, passportForm(p, r.PostFormValue("fee"), r.PathValue("code"), msg, fields)) // the fee as typed
		return
	}
	http.Redirect(w, r, "/admin/services?saved="+p.Code, http.StatusSeeOther)
}

// passportFrom reads the passport form; numbers that do not parse are reported by field.
func passportFrom(r *http.Request) (servicedesk.Passport, fail.Fields) {
	var bad fail.Fields
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			bad.Add(name, "invalid.number", nil)
		}
		return n
	}
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	p := servicedesk.Passport{ID: id, Version: version, Code: strings.TrimSpace(r.PostFormValue("code")), Direction: r.PostFormValue("direction"),
		Name: web.FormText(r, "name").Trimmed(), Institution: r.PostFormValue("institution"),
		LegalBasis: strings.TrimSpace(r.PostFormValue("legal_basis")), Channels: r.PostForm["channels"], Documents: r.PostForm["documents"],
		RefusalGrounds: r.PostForm["refusal_grounds"], FrontMinutes: num("front_office_minutes"), BackMinutes: num("back_office_minutes"),
		DeadlineDays: num("deadline_working_days"), ProgramCode: strings.TrimSpace(r.PostFormValue("program_code")), Active: r.PostFormValue("active") == "on",
		ManyOpen: r.PostFormValue("many_open") == "on"}
	fee, err := money.Parse(strings.TrimSpace(r.PostFormValue("fee")))
	if err != nil && strings.TrimSpace(r.PostFormValue("fee")) != "" {
		bad.Add("fee", "invalid.amount", nil)
	}
	p.Fee = fee
	return p, bad
}

// calendar lists the holidays and transferred days of the calendar in force.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, calendarPage(h.svc.Calendar().Get().Days(), "", nil, nil))
}

func (h *Handler) setDay(w http.ResponseWriter, r *http.Request) {
	d, err := clock.ParseDate(r.PostFormValue("date"))
	if err == nil {
		err = h.svc.Calendar().Set(r.Context(), workdays.Day{Date: d, Off: r.PostFormValue("kind") != "workday",
			Name: web.FormText(r, "name")})
	} else {
		err = fail.Fields{{Name: "date", Key: "invalid.date"}}
	}
	if err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		web.Render(w, r, status, calendarPage(h.svc.Calendar().Get().Days(), msg, fields, web.FormText(r, "name")))
		return
	}
	http.Redirect(w, r, "/admin/calendar", http.StatusSeeOther)
}

func (h *Handler) deleteDay(w http.ResponseWriter, r *http.Request) {
	d, err := clock.ParseDate(r.PathValue("day"))
	if err == nil {
		err = h.svc.Calendar().Delete(r.Context(), d)
	}
	if err != nil {
		web.HTMLError(w, r, fail.Fields{{Name: "date", Key: "invalid.date"}})
		return
	}
	http.Redirect(w, r, "/admin/calendar", http.StatusSeeOther)
}
