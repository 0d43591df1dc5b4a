package paymentsweb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
)

// pages registers the finance officer's pages.
func (h *Handler) pages(rt web.Router) {
	rt.Handle("GET /payroll", authz.PaymentManage, h.list)
	rt.Handle("POST /payroll/cycles", authz.PaymentManage, h.prepare)
	rt.Handle("GET /payroll/cycles/{id}", authz.PaymentManage, h.cycle)
	rt.Handle("GET /payroll/cycles/{id}/print", authz.PaymentManage, h.printCycle)
	rt.Handle("GET /payroll/cycles/{id}/lines", authz.PaymentManage, h.downloadLines)
	rt.Handle("POST /payroll/cycles/{id}/approve", authz.PaymentManage, h.approve)
	rt.Handle("POST /payroll/cycles/{id}/cancel", authz.PaymentManage, h.cancel)
	rt.Handle("POST /payroll/cycles/{id}/export", authz.PaymentManage, h.export)
	rt.Handle("POST /payroll/cycles/{id}/lines/{line}", authz.PaymentManage, h.resolve)
	rt.Handle("POST /payroll/statements", authz.PaymentManage, h.statement)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	period := clock.MonthOf(clock.Today(clock.System{})).String()
	h.renderList(w, r, http.StatusOK, prepareForm{Period: period}, nil)
}

// prepareForm is what the finance officer typed into the preparation form, shown again with
// the message of each invalid field when it is refused. There is no default programme: a
// preparation for the wrong programme is a cycle someone must cancel.
type prepareForm struct {
	Program, Period string
	Problem         string
	Fields          map[string]string
	Existing        int64 // the cycle of this programme and month, when one was already prepared
}

// parsed is the period typed, zero when it is not YYYY-MM.
func (f prepareForm) parsed() clock.Month {
	m, _ := clock.ParseMonth(f.Period)
	return m
}

func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, status int, form prepareForm, err error) {
	var dup *web.Problem
	if err != nil {
		status, form.Problem, form.Fields = web.FormError(r.Context(), err)
	}
	if errors.As(err, &dup) && dup.Status == http.StatusConflict { // a second preparation: link the cycle that exists
		status = dup.Status
		if c, err := h.svc.CycleOf(r.Context(), form.Program, form.parsed()); err == nil {
			form.Existing = c.ID
		}
	}
	q := r.URL.Query()
	v := listView{Query: q, Program: q.Get("program"), Status: q.Get("status")}
	if !slices.Contains(payments.CycleStatuses, v.Status) {
		v.Status = ""
	}
	if q.Get("format") != "" {
		h.downloadCycles(w, r, v.Program, v.Status)
		return
	}
	res, err := h.svc.CyclePage(r.Context(), v.Program, v.Status, list.Read(q))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	progs, err := h.programs.Programs(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Cycles, v.Total, v.Next, v.Programs, v.Form = res.Rows, res.Total, res.Next, progs, form
	web.Render(w, r, status, listPage(v))
}

func (h *Handler) prepare(w http.ResponseWriter, r *http.Request) {
	form := prepareForm{Program: r.PostFormValue("program"), Period: r.PostFormValue("period")}
	out, err := h.startPrepare(r.Context(), form.Program, form.Period)
	if err != nil {
		h.renderList(w, r, 0, form, err)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(out.Body.ID), http.StatusSeeOther)
}

// cycle shows a cycle; ?exported=1 is where the export's POST redirects, so that a reload
// does not write the files again.
func (h *Handler) cycle(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("exported") == "1" {
		flash = i18n.T(r.Context(), "payroll.exported")
	}
	h.renderCycle(w, r, http.StatusOK, flash, "")
}

// refused shows the cycle again with the reason an action on it was refused.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := web.ErrorMessage(r.Context(), err)
	h.renderCycle(w, r, status, "", msg)
}

func (h *Handler) renderCycle(w http.ResponseWriter, r *http.Request, status int, flash, problem string) {
	id := pathID(r)
	if id == 0 {
		id, _ = strconv.ParseInt(r.PostFormValue("back"), 10, 64)
	}
	out, err := h.apiCycle(r.Context(), &cycleIn{ID: id})
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	c, _ := h.svc.Cycle(r.Context(), id)
	exc, err := h.svc.Lines(r.Context(), id, payments.LineException, "")
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	files, err := h.svc.Files(r.Context(), id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, cyclePage(cycleView{C: c, Name: h.programName(r.Context(), c.Program), Totals: out.Body.Totals, Progress: out.Body.Progress, Exceptions: exc,
		Files: fileBodies(files), Flash: flash, Problem: problem, Me: authz.From(r.Context()).Login}))
}

func (h *Handler) approve(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if _, err := h.svc.Approve(r.Context(), id); err != nil {
		h.refused(w, r, err)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(id), http.StatusSeeOther)
}

// cancel stops the cycle's preparation while it runs: the finance officer who started a
// mistaken one need not wait for it, nor ask an operator.
func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	c, err := h.svc.Cycle(r.Context(), id)
	if err == nil {
		_, err = h.payroll.Cancel(r.Context(), c)
	}
	if err != nil {
		h.refused(w, r, err)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(id), http.StatusSeeOther)
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	in := &exportIn{ID: id}
	in.Body.Format = r.PostFormValue("format")
	if _, err := h.apiExport(r.Context(), in); err != nil {
		h.refused(w, r, err)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(id)+"?exported=1", http.StatusSeeOther)
}

func (h *Handler) resolve(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if _, err := h.svc.ResolveException(r.Context(), id, r.PathValue("line"), r.PostFormValue("action"), r.PostFormValue("note")); err != nil {
		h.refused(w, r, err)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(id), http.StatusSeeOther)
}

// statement reconciles an uploaded statement and reports the result on the cycle it came
// from; a refused statement is shown with the element and the reason.
func (h *Handler) statement(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		web.HTMLError(w, r, fail.Fields{{Name: "statement", Key: "invalid.required"}})
		return
	}
	data, err := formFile(r, "statement")
	if err != nil {
		web.HTMLError(w, r, fail.Fields{{Name: "statement", Key: "invalid.required"}})
		return
	}
	sig, _ := formFile(r, "signature")
	out, err := h.apiStatement(r.Context(), &statementIn{RawBody: data, Signature: string(sig)})
	var refused *web.Problem
	if errors.As(err, &refused) && refused.Key == statementRefused {
		h.renderCycle(w, r, refused.Status, "", refused.Detail) // the element and the reason
		return
	}
	if err != nil {
		h.refused(w, r, err)
		return
	}
	msg := i18n.TA(r.Context(), "payroll.reconciled", map[string]any{"Paid": out.Body.Paid, "Returned": out.Body.Returned})
	h.renderCycle(w, r, http.StatusOK, msg, "")
}

func formFile(r *http.Request, name string) ([]byte, error) {
	f, _, err := r.FormFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<20))
}

// programName is the name of the programme with code in the reader's language, the code
// itself if the programme cannot be read.
func (h *Handler) programName(ctx context.Context, code string) string {
	p, err := h.programs.Program(ctx, code)
	if err != nil {
		return code
	}
	return p.Name.In(i18n.Lang(ctx))
}
