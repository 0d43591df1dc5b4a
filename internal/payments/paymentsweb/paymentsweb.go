// Package paymentsweb serves the payroll: the JSON API and the finance officer's pages.
// Preparation runs as a job (paymentsjob) and reports its progress in the run record;
// everything else answers at once.
package paymentsweb

import (
	"context"
	"log/slog"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/paymentsjob"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// Handler holds the payroll and what it needs to name programmes.
type Handler struct {
	svc      *payments.Service
	payroll  *paymentsjob.Payroll // preparations run as jobs
	programs *programs.Service
	dir      string        // where payment files are written
	keys     payments.Keys // banks' statement-signing keys
	log      *slog.Logger
}

// run is the progress of a preparation, from its run record (whichever node runs it).
type run struct {
	Done, Total int64
	Err         string
	Finished    bool
}

// New returns the payroll handlers writing files under dir.
func New(svc *payments.Service, payroll *paymentsjob.Payroll, progs *programs.Service, dir string, keys payments.Keys, log *slog.Logger) *Handler {
	return &Handler{svc: svc, payroll: payroll, programs: progs, dir: dir, keys: keys, log: log}
}

// progress returns the progress of a cycle's preparation, if one was started as a job.
func (h *Handler) progress(ctx context.Context, c payments.Cycle) (run, bool) {
	r, err := h.payroll.Run(ctx, c)
	if err != nil {
		return run{}, false
	}
	return run{Done: r.Done, Total: r.Total, Err: r.Reason, Finished: r.Over()}, true
}

// Routes registers the finance officer's pages and file downloads.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /payroll/files/{id}/{name}", authz.PaymentManage, h.download)
	h.pages(rt)
}
