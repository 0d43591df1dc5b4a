package paymentsweb

import (
	"context"
	"net/http"
	"slices"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
)

// lineColumns are the locale keys of a downloaded line's columns, in order. The reason is
// given in the reader's language and, for machines, by its stable code.
var lineColumns = []string{"payroll.col.e2e", "payroll.col.entitlement", "field.fin", "payroll.col.name", "field.iban",
	"payroll.col.bank", "payroll.col.kind", "payroll.col.from", "payroll.col.to", "payroll.col.months",
	"payroll.col.gross", "payroll.col.deduction", "payroll.net", "payroll.status", "payroll.col.reason", "payroll.col.reason_code"}

// downloadLines sends a cycle's lines — all, or those in one status — as CSV or XLSX, streamed
// a page at a time, so a million-line cycle downloads in bounded memory.
func (h *Handler) downloadLines(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	format, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	status := q.Get("status")
	if status != "" && !slices.Contains(statuses, status) {
		web.HTMLError(w, r, fail.Fields{{Name: "status", Key: "invalid.line_status"}})
		return
	}
	id := pathID(r)
	c, err := h.svc.Cycle(ctx, id)
	if err == nil {
		err = export.Fits(format, func() (int64, error) { return h.countLines(ctx, id, status) })
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	name := c.Program + "-" + c.Period.String() + "-lines"
	if status != "" {
		name += "-" + status
	}
	err = export.Send(w, format, i18n.Lang(ctx), name, c.Program+" "+c.Period.String(), func(t export.Table) error {
		header := make([]any, len(lineColumns))
		for i, key := range lineColumns {
			header[i] = i18n.T(ctx, key)
		}
		t.Row(header...)
		return h.svc.EachLine(ctx, id, status, func(l payments.Line) error {
			return t.Row(l.EndToEndID, l.EntitlementID, l.FIN, l.Name, l.IBAN, l.Bank, i18n.T(ctx, "linekind."+l.Kind),
				l.From, l.To, l.Months, l.Gross, l.Deduction, l.Net, i18n.T(ctx, "line."+l.Status), lineReason(ctx, l.Reason), payments.ReasonCode(l.Reason))
		})
	})
	if err != nil {
		h.log.Error("download of payment lines failed", "cycle", id, "error", err.Error())
		panic(http.ErrAbortHandler)
	}
}

// countLines counts a cycle's lines in one status ("" for all) from its totals.
func (h *Handler) countLines(ctx context.Context, cycleID int64, status string) (int64, error) {
	totals, err := h.svc.Totals(ctx, cycleID)
	var n int64
	for st, t := range totals {
		if status == "" || st == status {
			n += t.Lines
		}
	}
	return n, err
}

// cycleColumns are the locale keys of the cycles list's download columns.
var cycleColumns = []string{"payroll.col.cycle", "payroll.program", "payroll.period", "payroll.status", "payroll.prepared_by", "payroll.approved_by"}

// downloadCycles sends the filtered cycles list (?format=csv|xlsx), every page of it, streamed.
// No personal data is in it — a cycle is a programme, a month, a status and the logins of the
// staff who prepared and approved it; the lines with names and IBANs are the cycle's own
// download — so it is not in the audit log.
func (h *Handler) downloadCycles(w http.ResponseWriter, r *http.Request, program, status string) {
	ctx := r.Context()
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err == nil {
		err = export.Fits(format, func() (int64, error) {
			res, err := h.svc.CyclePage(ctx, program, status, list.Page{Size: 1})
			return res.Total, err
		})
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	err = export.Send(w, format, i18n.Lang(ctx), "payroll-cycles", "cycles", func(t export.Table) error {
		header := make([]any, len(cycleColumns))
		for i, key := range cycleColumns {
			header[i] = i18n.T(ctx, key)
		}
		t.Row(header...)
		return h.svc.EachCycle(ctx, program, status, func(c payments.Cycle) error {
			return t.Row(c.ID, c.Program, c.Period.String(), i18n.T(ctx, "cycle."+c.Status), c.PreparedBy, c.ApprovedBy)
		})
	})
	if err != nil {
		h.log.Error("download of payroll cycles failed", "error", err.Error())
		panic(http.ErrAbortHandler) // a list cut short must not download as if whole
	}
}
