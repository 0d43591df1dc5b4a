// Package paymentsweb serves the payroll: the JSON API and the finance officer's pages.
// Preparation runs in the background and reports its progress; everything else answers at
// once.
package paymentsweb

import (
	"context"
	"log/slog"
	"sync"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// Handler holds the payroll and what it needs to name programmes.
type Handler struct {
	svc      *payments.Service
	programs *programs.Service
	dir      string        // where payment files are written
	keys     payments.Keys // banks' statement-signing keys
	log      *slog.Logger

	mu      sync.Mutex
	running map[string]*run // "PROGRAM period" → a preparation under way on this node
}

// run is the progress of one background preparation.
type run struct {
	Done, Total int64
	Err         string
	Finished    bool
}

// New returns the payroll handlers writing files under dir.
func New(svc *payments.Service, progs *programs.Service, dir string, keys payments.Keys, log *slog.Logger) *Handler {
	return &Handler{svc: svc, programs: progs, dir: dir, keys: keys, log: log, running: map[string]*run{}}
}

// start prepares a cycle in the background, acting for the caller, unless one is already
// being prepared on this node. A preparation cut short (a restart) resumes when started again.
func (h *Handler) start(ctx context.Context, p programs.Program, period clock.Month) *run {
	key := p.Code + " " + period.String()
	h.mu.Lock()
	defer h.mu.Unlock()
	if r, ok := h.running[key]; ok && !r.Finished {
		return r
	}
	r := &run{}
	h.running[key] = r
	bg := authz.With(context.WithoutCancel(ctx), authz.From(ctx))
	go func() {
		_, err := h.svc.Prepare(bg, p.ID, p.Code, period, func(done, total int64) {
			h.mu.Lock()
			r.Done, r.Total = done, total
			h.mu.Unlock()
		})
		h.mu.Lock()
		defer h.mu.Unlock()
		r.Finished = true
		if err != nil {
			r.Err = err.Error()
			h.log.Error("payroll preparation failed", "program", p.Code, "period", period.String(), "error", err.Error())
		}
	}()
	return r
}

// progress returns a snapshot of a preparation on this node, if any.
func (h *Handler) progress(program string, period clock.Month) (run, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r, ok := h.running[program+" "+period.String()]
	if !ok {
		return run{}, false
	}
	return *r, true
}

// Routes registers the finance officer's pages and file downloads.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /payroll/files/{id}/{name}", authz.PaymentManage, h.download)
	h.pages(rt)
}
