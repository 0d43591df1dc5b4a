package servicedeskweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// newApplication is the operator's form: applicant's FİN, the service, and one file input
// per document the passport requires.
func (h *Handler) newApplication(w http.ResponseWriter, r *http.Request) {
	h.renderNew(w, r, http.StatusOK, applicationForm{Service: r.FormValue("service"), Ticket: r.FormValue("ticket"),
		Centre: r.FormValue("centre"), Desk: r.FormValue("desk")}, "", nil)
}

type applicationForm struct {
	FIN, Service, Ticket, Centre, Desk string
	Lang                               string
	OnPaper                            []string
	Services                           []servicedesk.Passport
	Passport                           *servicedesk.Passport
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, f applicationForm, problem string, fields map[string]string) {
	ps, err := h.svc.ForChannel(r.Context(), servicedesk.ChannelCentre)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	f.Services = ps
	for i := range ps {
		if ps[i].Code == f.Service {
			f.Passport = &ps[i]
		}
	}
	web.Render(w, r, status, newApplicationPage(f, problem, fields))
}

func (h *Handler) fileApplication(w http.ResponseWriter, r *http.Request) {
	f := applicationForm{FIN: r.FormValue("fin"), Service: r.FormValue("service"), Ticket: r.FormValue("ticket"), Centre: r.FormValue("centre"), Desk: r.FormValue("desk"),
		Lang: r.FormValue("lang"), OnPaper: r.Form["paper"]}
	docs, err := Documents(r)
	if err == nil {
		var centreID int64
		if c, cerr := h.svc.Centre(r.Context(), f.Centre); cerr == nil {
			centreID = c.ID
		}
		var a servicedesk.Application
		a, err = h.svc.File(r.Context(), servicedesk.NewApplication{ServiceCode: f.Service, FIN: f.FIN, Channel: servicedesk.ChannelCentre,
			CentreID: centreID, TicketUUID: f.Ticket, Lang: f.Lang, Documents: docs, OnPaper: f.OnPaper})
		if err == nil {
			back := url.Values{"filed": {"1"}, "centre": {f.Centre}, "desk": {f.Desk}, "ticket": {f.Ticket}}
			http.Redirect(w, r, "/applications/"+a.UUID+"?"+back.Encode(), http.StatusSeeOther)
			return
		}
	}
	status, msg, fields := web.FormError(r.Context(), err)
	h.renderNew(w, r, status, f, msg, fields)
}

// Documents reads the uploaded files of a multipart form: inputs named doc_<type>. A file
// over the size limit is refused before it is read whole.
func Documents(r *http.Request) ([]servicedesk.Document, error) {
	files, err := web.Files(r, "doc_", servicedesk.MaxUpload, servicedesk.MaxDocumentSize)
	out := make([]servicedesk.Document, len(files))
	for i, f := range files {
		out[i] = servicedesk.Document{Type: f.Kind, FileName: f.FileName, ContentType: f.ContentType, Content: f.Content}
	}
	return out, err
}

// row is an application with its deadline state on today.
type row struct {
	A        servicedesk.Application
	Deadline string
	DaysLeft int
}

func (h *Handler) rows(list []servicedesk.Application) []row {
	cal, today := h.svc.Calendar().Get(), h.svc.Today()
	out := make([]row, len(list))
	for i, a := range list {
		out[i] = row{A: a, Deadline: a.Deadline(cal, today), DaysLeft: a.DaysLeft(cal, today)}
	}
	return out
}

func (h *Handler) application(w http.ResponseWriter, r *http.Request) {
	h.renderApplication(w, r, http.StatusOK, "")
}

func (h *Handler) renderApplication(w http.ResponseWriter, r *http.Request, status int, problem string) {
	h.renderDecision(w, r, status, problem, decisionForm{})
}

// decisionForm is what the officer chose in the decision form, shown again as chosen, with
// each message at its field, when the decision is refused: an outcome reset to "granted"
// next to a refusal ground once turned a refusal into a grant.
type decisionForm struct {
	To, Ground, Note string
	Fields           map[string]string
}

func (h *Handler) renderDecision(w http.ResponseWriter, r *http.Request, status int, problem string, form decisionForm) {
	a, err := h.svc.Application(r.Context(), r.PathValue("uuid"))
	if err == nil {
		a.Note, err = h.svc.Explanation(r.Context(), a, i18n.Lang(r.Context()))
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	flash := ""
	if r.URL.Query().Get("filed") == "1" {
		flash = i18n.TA(r.Context(), "application.filed", map[string]any{"Number": a.Number, "Due": a.DueOn.In(i18n.Lang(r.Context()))})
	}
	p := authz.From(r.Context())
	web.Render(w, r, status, applicationPage(applicationView{R: h.rows([]servicedesk.Application{a})[0], CanDecide: p.CanIn(authz.Decide, a.InstitutionID),
		Flash: flash, Problem: problem, Decision: form, Desk: r.URL.Query().Get("desk"), Centre: r.URL.Query().Get("centre"), Ticket: r.URL.Query().Get("ticket")}))
}

type applicationView struct {
	R                    row
	CanDecide            bool
	Flash, Problem       string
	Decision             decisionForm
	Centre, Desk, Ticket string
}

func (h *Handler) moveApplication(w http.ResponseWriter, r *http.Request) {
	form := decisionForm{To: r.PostFormValue("to"), Ground: r.PostFormValue("ground"), Note: r.PostFormValue("note")}
	var err error
	if form.To == "" { // the outcome left at "—": said at its select, not as a move from nowhere
		err = fail.Fields{{Name: "to", Key: "invalid.required"}}
	} else {
		_, err = h.svc.Move(r.Context(), r.PathValue("uuid"), form.To, form.Ground, form.Note)
	}
	if err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		form.Fields = fields
		for name := range fields {
			if name != "to" && name != "ground" && name != "note" { // no field shows it (a stale page's move, say): say it on top
				_, msg = web.ErrorMessage(r.Context(), err)
				break
			}
		}
		h.renderDecision(w, r, status, msg, form)
		return
	}
	http.Redirect(w, r, "/applications/"+r.PathValue("uuid"), http.StatusSeeOther)
}

// document sends a filed document as an attachment, never rendered inline, with its hash.
func (h *Handler) document(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := h.svc.Document(r.Context(), r.PathValue("uuid"), id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", d.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", d.FileName))
	w.Header().Set("Digest", "sha-256="+d.SHA256)
	w.Write(d.Content)
}

// canMove reports whether the officer's buttons should offer a move.
func canMove(from, to string) bool { return slices.Contains(servicedesk.Moves[from], to) }

var clockBaku = clock.Baku

// deskURL is the queue's desk page (queue/queueweb) at a centre and desk, where the operator
// goes back to after filing an application for the visit they serve.
func deskURL(centre, desk, ticket string) string {
	q := url.Values{"centre": {centre}, "desk": {desk}}
	if ticket != "" {
		q.Set("ticket", ticket)
	}
	return "/desk?" + q.Encode()
}
