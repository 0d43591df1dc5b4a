package paymentsweb

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// pages registers the finance officer's pages.
func (h *Handler) pages(rt web.Router) {
	rt.Handle("GET /payroll", authz.PaymentManage, h.list)
	rt.Handle("POST /payroll/cycles", authz.PaymentManage, h.prepare)
	rt.Handle("GET /payroll/cycles/{id}", authz.PaymentManage, h.cycle)
	rt.Handle("GET /payroll/cycles/{id}/lines", authz.PaymentManage, h.downloadLines)
	rt.Handle("POST /payroll/cycles/{id}/approve", authz.PaymentManage, h.approve)
	rt.Handle("POST /payroll/cycles/{id}/cancel", authz.PaymentManage, h.cancel)
	rt.Handle("POST /payroll/cycles/{id}/export", authz.PaymentManage, h.export)
	rt.Handle("POST /payroll/cycles/{id}/lines/{line}", authz.PaymentManage, h.resolve)
	rt.Handle("POST /payroll/statements", authz.PaymentManage, h.statement)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, http.StatusOK, "")
}

func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, status int, problem string) {
	cycles, err := h.svc.Cycles(r.Context(), 0)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	progs, err := h.programs.Programs(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	period := clock.MonthOf(clock.Today(clock.System{})).String()
	web.Render(w, r, status, listPage(listView{Cycles: cycles, Programs: progs, Period: period, Problem: problem}))
}

func (h *Handler) prepare(w http.ResponseWriter, r *http.Request) {
	out, err := h.startPrepare(r.Context(), r.PostFormValue("program"), r.PostFormValue("period"))
	if err != nil {
		h.renderList(w, r, problemStatus(err), problemText(err))
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(out.Body.ID), http.StatusSeeOther)
}

func (h *Handler) cycle(w http.ResponseWriter, r *http.Request) {
	h.renderCycle(w, r, http.StatusOK, "", "", nil)
}

func (h *Handler) renderCycle(w http.ResponseWriter, r *http.Request, status int, flash, problem string, files []fileDTO) {
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
	web.Render(w, r, status, cyclePage(cycleView{C: c, Totals: out.Body.Totals, Progress: out.Body.Progress, Exceptions: exc,
		Files: files, Flash: flash, Problem: problem, Me: authz.From(r.Context()).Login}))
}

func (h *Handler) approve(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if _, err := h.svc.Approve(r.Context(), id); err != nil {
		h.renderCycle(w, r, problemStatus(err), "", problemText(err), nil)
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
		h.renderCycle(w, r, problemStatus(err), "", problemText(err), nil)
		return
	}
	http.Redirect(w, r, "/payroll/cycles/"+itoa(id), http.StatusSeeOther)
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	in := &exportIn{ID: id}
	in.Body.Format = r.PostFormValue("format")
	out, err := h.apiExport(r.Context(), in)
	if err != nil {
		h.renderCycle(w, r, problemStatus(err), "", problemText(err), nil)
		return
	}
	h.renderCycle(w, r, http.StatusOK, "", "", out.Body.Items)
}

func (h *Handler) resolve(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if _, err := h.svc.ResolveException(r.Context(), id, r.PathValue("line"), r.PostFormValue("action"), r.PostFormValue("note")); err != nil {
		h.renderCycle(w, r, problemStatus(err), "", problemText(err), nil)
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
	if err != nil {
		h.renderCycle(w, r, problemStatus(err), "", problemText(err), nil)
		return
	}
	msg := i18n.TA(r.Context(), "payroll.reconciled", map[string]any{"Paid": out.Body.Paid, "Returned": out.Body.Returned})
	h.renderCycle(w, r, http.StatusOK, msg, "", nil)
}

func formFile(r *http.Request, name string) ([]byte, error) {
	f, _, err := r.FormFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<20))
}

func problemStatus(err error) int {
	var p *web.Problem
	if errors.As(err, &p) {
		return p.Status
	}
	return http.StatusInternalServerError
}

func problemText(err error) string {
	var p *web.Problem
	if errors.As(err, &p) {
		text := p.Detail
		for _, f := range p.Errors {
			text += " " + f.Location + ": " + f.Message
		}
		return text
	}
	return err.Error()
}
