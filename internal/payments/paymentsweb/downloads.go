package paymentsweb

import (
	"context"
	"net/http"
	"slices"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
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
