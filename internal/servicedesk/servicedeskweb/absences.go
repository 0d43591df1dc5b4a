package servicedeskweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// absenceForm is what the manager typed, shown again with each error at its field.
type absenceForm struct {
	Officer, Substitute, From, To string
}

type absencesView struct {
	Form     absenceForm
	Officers []servicedesk.Officer
	Absences []servicedesk.Absence
	Problem  string
	Fields   map[string]string
	Saved    bool
}

// absences lists the absences of the manager's institutions that have not ended, with the
// form to record one.
func (h *Handler) absences(w http.ResponseWriter, r *http.Request) {
	h.renderAbsences(w, r, http.StatusOK, absencesView{Saved: r.URL.Query().Get("saved") == "1"})
}

func (h *Handler) renderAbsences(w http.ResponseWriter, r *http.Request, status int, v absencesView) {
	var err error
	v.Officers, err = h.svc.Officers(r.Context())
	if err == nil {
		v.Absences, err = h.svc.Absences(r.Context())
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, absencesPage(v))
}

// recordAbsence records that an officer is away and who substitutes.
func (h *Handler) recordAbsence(w http.ResponseWriter, r *http.Request) {
	f := absenceForm{Officer: r.PostFormValue("officer"), Substitute: r.PostFormValue("substitute"), From: r.PostFormValue("from"), To: r.PostFormValue("to")}
	if _, err := h.svc.RecordAbsence(r.Context(), f.Officer, f.Substitute, f.From, f.To); err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		h.renderAbsences(w, r, status, absencesView{Form: f, Problem: msg, Fields: fields})
		return
	}
	http.Redirect(w, r, "/absences?saved=1", http.StatusSeeOther)
}
