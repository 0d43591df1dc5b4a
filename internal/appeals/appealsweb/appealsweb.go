// Package appealsweb serves the staff's appeals pages: the register of an institution's
// appeals with their deadlines, intake from a centre, a call or a letter, the handling of one
// appeal (take, forward, extend, answer), and the statistics per institution and period.
package appealsweb

import (
	"context"
	"net/http"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Handler holds what the pages need.
type Handler struct {
	svc       *appeals.Service
	directory Directory
}

// Directory lists the ministry's institutions, to which appeals are addressed and forwarded.
type Directory interface {
	Institutions(ctx context.Context) ([]identity.Institution, error)
}

// Institutions are the institutions an appeal can go to, in the directory's order.
type Institutions []identity.Institution

// Name is the name of the institution with code in lang, or the code if there is none.
func (is Institutions) Name(code, lang string) string {
	for _, i := range is {
		if i.Code == code {
			return i.Name.In(lang)
		}
	}
	return code
}

// New returns the appeals pages.
func New(svc *appeals.Service, d Directory) *Handler { return &Handler{svc: svc, directory: d} }

// Institutions reads the directory for a form or a page.
func (h *Handler) Institutions(ctx context.Context) (Institutions, error) {
	is, err := h.directory.Institutions(ctx)
	return Institutions(is), err
}

// Routes registers the pages.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /appeals", authz.AppealHandle, h.list)
	rt.Handle("GET /appeals/new", authz.AppealHandle, h.newForm)
	rt.Handle("POST /appeals", authz.AppealHandle, h.receive)
	rt.Handle("POST /appeals/assign", appeals.Assign, h.assign)
	rt.Handle("POST /appeals/take", authz.AppealHandle, h.takeNext)
	rt.Handle("GET /appeals/stats", authz.AppealHandle, h.stats)
	rt.Handle("GET /appeals/{uuid}", authz.AppealHandle, h.show)
	rt.Handle("POST /appeals/{uuid}/{action}", authz.AppealHandle, h.act)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	h.renderNew(w, r, http.StatusOK, appeals.New{Channel: "centre", Institution: "DOST"}, "", nil)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, in appeals.New, problem string, fields map[string]string) {
	insts, err := h.Institutions(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, newPage(in, insts, problem, fields))
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request) {
	in := appeals.New{Channel: r.PostFormValue("channel"), FIN: r.PostFormValue("fin"), Applicant: r.PostFormValue("applicant"),
		Contact: r.PostFormValue("contact"), Anonymous: r.PostFormValue("anonymous") == "on", Category: r.PostFormValue("category"),
		Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"), Institution: r.PostFormValue("institution"), Lang: r.PostFormValue("lang")}
	a, err := h.svc.Receive(r.Context(), in)
	if err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		h.renderNew(w, r, status, in, msg, fields)
		return
	}
	http.Redirect(w, r, "/appeals/"+a.UUID, http.StatusSeeOther)
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "")
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, problem string) {
	a, err := h.svc.Appeal(r.Context(), r.PathValue("uuid"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	insts, err := h.Institutions(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, appealPage(a, h.svc.Today(), authz.From(r.Context()).CanIn(authz.AppealHandle, a.InstitutionID), problem, insts))
}

// act takes, forwards, extends or answers an appeal.
func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("uuid")
	var err error
	switch r.PathValue("action") {
	case "take":
		_, err = h.svc.Take(ctx, id)
	case "forward":
		_, err = h.svc.Forward(ctx, id, r.PostFormValue("institution"), r.PostFormValue("reason"))
	case "extend":
		_, err = h.svc.Extend(ctx, id, r.PostFormValue("reason"))
	case "answer":
		_, err = h.svc.Answer(ctx, id, r.PostFormValue("answer"))
	default:
		err = fail.Fields{{Name: "action", Key: "invalid.action"}}
	}
	if err != nil {
		status, msg, fields := web.FormError(ctx, err)
		for f, m := range fields {
			msg += " " + i18n.T(ctx, "appeal."+f) + ": " + m
		}
		h.render(w, r, status, msg)
		return
	}
	http.Redirect(w, r, "/appeals/"+id, http.StatusSeeOther)
}

// stats shows, or exports as CSV or XLSX, the appeals of a period per institution.
func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	from, to := web.ReportPeriod(r.URL.Query().Get("from"), r.URL.Query().Get("to"), h.svc.Today())
	st, err := h.svc.Stats(r.Context(), from, to)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if f := r.URL.Query().Get("format"); f != "" {
		writeStats(w, r, f, "appeals-"+from.String()+"-"+to.String(), st)
		return
	}
	web.Render(w, r, http.StatusOK, statsPage(st, from.String(), to.String()))
}

// writeStats exports the statistics table.
func writeStats(w http.ResponseWriter, r *http.Request, format, name string, st []appeals.Stat) {
	f, err := export.ParseFormat(format)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	err = export.Send(w, f, i18n.Lang(r.Context()), name, "appeals", func(t export.Table) error {
		t.Row(export.Header(f, i18n.Lang(r.Context()), "appeals.stats.col.", "institution", "received", "answered", "answered_late", "refused", "open", "overdue")...)
		for _, s := range st {
			t.Row(s.Institution, s.Received, s.Answered, s.AnsweredLate, s.Refused, s.Open, s.Overdue)
		}
		return nil // a failed write is reported by Close
	})
	if err != nil {
		panic(http.ErrAbortHandler) // statistics cut short must not download as if whole
	}
}
