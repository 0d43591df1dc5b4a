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

// lineColumns are the locale keys of a downloaded line's columns, in order.
var lineColumns = []string{"payroll.col.e2e", "payroll.col.entitlement", "field.fin", "payroll.col.name", "field.iban",
	"payroll.col.bank", "payroll.col.kind", "payroll.col.from", "payroll.col.to", "payroll.col.months",
	"payroll.col.gross", "payroll.col.deduction", "payroll.net", "payroll.status", "payroll.col.reason"}

// downloadLines sends a cycle's lines — all, or those in one status — as CSV or XLSX, streamed
// a page at a time, so a million-line cycle downloads in bounded memory. A failure after the
// first byte aborts the response: the browser reports a failed download rather than keeping a
// file that silently lacks its end.
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
		err = h.fits(ctx, id, status, format)
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	name := c.Program + "-" + c.Period.String() + "-lines"
	if status != "" {
		name += "-" + status
	}
	t, err := export.Download(w, format, name, c.Program+" "+c.Period.String())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	header := make([]any, len(lineColumns))
	for i, key := range lineColumns {
		header[i] = i18n.T(ctx, key)
	}
	err = t.Row(header...)
	if err == nil {
		err = h.svc.EachLine(ctx, id, status, func(l payments.Line) error {
			return t.Row(l.EndToEndID, l.EntitlementID, l.FIN, l.Name, l.IBAN, l.Bank, i18n.T(ctx, "linekind."+l.Kind),
				l.From, l.To, l.Months, l.Gross, l.Deduction, l.Net, i18n.T(ctx, "line."+l.Status), l.Reason)
		})
	}
	if err == nil {
		err = t.Close()
	}
	if err != nil {
		h.log.Error("download of payment lines failed", "cycle", id, "error", err.Error())
		panic(http.ErrAbortHandler)
	}
}

// fits refuses, before a byte is sent, a download too long for its format.
func (h *Handler) fits(ctx context.Context, cycleID int64, status string, f export.Format) error {
	totals, err := h.svc.Totals(ctx, cycleID)
	if err != nil {
		return err
	}
	var rows int64
	for st, t := range totals {
		if status == "" || st == status {
			rows += t.Lines
		}
	}
	return export.Fits(f, rows)
}
