package paymentsweb

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
)

type cycleDTO struct {
	ID         int64           `json:"id"`
	Program    string          `json:"program"`
	Period     string          `json:"period"`
	Status     string          `json:"status"`
	PreparedBy string          `json:"prepared_by"`
	ApprovedBy string          `json:"approved_by,omitempty"`
	Totals     payments.Totals `json:"totals"`
	Progress   *run            `json:"progress,omitempty" doc:"a preparation under way (on any node)"`
}

type cycleOut struct{ Body cycleDTO }

type prepareIn struct {
	Body struct {
		Program string `json:"program" example:"TSSA"`
		Period  string `json:"period" example:"2026-11" pattern:"^[0-9]{4}-[0-9]{2}$"`
	}
}

type cycleIn struct {
	ID int64 `path:"id"`
}

type exportIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Format string `json:"format" enum:"pain.001.001.09,pain.001.001.03" default:"pain.001.001.09"`
	}
}

type fileDTO struct {
	Bank   string       `json:"bank"`
	Format string       `json:"format"`
	Lines  int64        `json:"lines"`
	Total  string       `json:"total"`
	Amount money.Amount `json:"-"` // Total, for pages to write in the reader's form
	SHA256 string       `json:"sha256"`
	URL    string       `json:"url"`
}

type filesOut struct {
	Body struct {
		Items []fileDTO `json:"items"`
	}
}

type linesIn struct {
	ID     int64  `path:"id"`
	Status string `query:"status" enum:"pending,exception,withheld,paid,returned,cancelled,"`
	After  string `query:"after" doc:"end-to-end id of the previous page's last line"`
}

type lineDTO struct {
	Entitled   int64  `json:"entitlement"`
	Kind       string `json:"kind"`
	From, To   string `json:"-"`
	Months     string `json:"months"`
	Gross      string `json:"gross"`
	Deduction  string `json:"deduction"`
	Net        string `json:"net"`
	FIN        string `json:"fin"`
	Name       string `json:"name"`
	IBAN       string `json:"iban"`
	Status     string `json:"status"`
	Reason     string `json:"reason,omitempty" doc:"why the line is not paid as usual, as stored (English)"`
	ReasonCode string `json:"reason_code,omitempty" doc:"the reason's stable code: death, no_account, bad_iban, recovered, not_computed, returned, iban_held, deferred_at_approval, deferred or other"`
	EndToEndID string `json:"end_to_end_id" doc:"the line's identity: D<cycle>E<entitlement>R, or …S for a reissue"`
}

type linesOut struct {
	Body struct {
		Items []lineDTO `json:"items"`
	}
}

type resolveIn struct {
	ID   int64  `path:"id"`
	Line string `path:"line" doc:"end-to-end id"`
	Body struct {
		Action string `json:"action" enum:"recheck,defer"`
		Note   string `json:"note,omitempty"`
	}
}

type statementIn struct {
	Signature string `header:"X-Signature" doc:"the bank's detached ed25519 signature, base64"`
	RawBody   []byte `contentType:"application/xml"`
}

type statementOut struct {
	Body struct {
		MsgID    string `json:"msg_id"`
		Format   string `json:"format"`
		Paid     int    `json:"paid"`
		Returned int    `json:"returned"`
	}
}

// API registers the payroll operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tags := []string{"Payroll"}
	reg := func(op huma.Operation) huma.Operation { op.Tags = tags; return op }
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "prepare-cycle", Method: http.MethodPost,
		Path: "/api/v1/payroll/cycles", Summary: "Start preparing a programme's cycle for a month (runs in the background)", DefaultStatus: http.StatusAccepted}), h.apiPrepare)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "get-cycle", Method: http.MethodGet,
		Path: "/api/v1/payroll/cycles/{id}", Summary: "A cycle with counts and totals by line status"}), h.apiCycle)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "approve-cycle", Method: http.MethodPost,
		Path: "/api/v1/payroll/cycles/{id}/approve", Summary: "Approve a prepared cycle (four eyes: not its preparer)"}), h.apiApprove)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "export-cycle", Method: http.MethodPost,
		Path: "/api/v1/payroll/cycles/{id}/export", Summary: "Write one ISO 20022 pain.001 file per paying bank"}), h.apiExport)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "cycle-lines", Method: http.MethodGet,
		Path: "/api/v1/payroll/cycles/{id}/lines", Summary: "A cycle's lines, a page at a time, optionally of one status"}), h.apiLines)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "resolve-exception", Method: http.MethodPost,
		Path: "/api/v1/payroll/cycles/{id}/lines/{line}/resolve", Summary: "Recheck or defer an exception line"}), h.apiResolve)
	web.Register(api, routes, authz.PaymentManage, reg(huma.Operation{OperationID: "import-statement", Method: http.MethodPost,
		Path: "/api/v1/payroll/statements", Summary: "Reconcile a bank's camt.053 or camt.054 statement; a mismatch refuses it whole", MaxBodyBytes: web.StatementLimit}),
		h.apiStatement)
}

func (h *Handler) cycleBody(ctx context.Context, c payments.Cycle) (*cycleOut, error) {
	t, err := h.svc.Totals(ctx, c.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &cycleOut{Body: cycleDTO{ID: c.ID, Program: c.Program, Period: c.Period.String(), Status: c.Status,
		PreparedBy: c.PreparedBy, ApprovedBy: c.ApprovedBy, Totals: t}}
	if r, ok := h.progress(ctx, c); ok && !r.Finished && c.Status == payments.Preparing {
		out.Body.Progress = &r
	}
	return out, nil
}

func (h *Handler) apiPrepare(ctx context.Context, in *prepareIn) (*cycleOut, error) {
	return h.startPrepare(ctx, in.Body.Program, in.Body.Period)
}

// startPrepare creates the cycle, enqueues its preparation in the same transaction and
// answers with the cycle at once; the page follows the run's progress.
func (h *Handler) startPrepare(ctx context.Context, program, month string) (*cycleOut, error) {
	var bad fail.Fields
	if program == "" {
		bad.Add("program", "payroll.program_required", nil)
	}
	period, err := clock.ParseMonth(month)
	if err != nil {
		bad.Add("period", "invalid.period", nil)
	}
	if bad != nil {
		return nil, web.ToProblem(ctx, bad, "body.")
	}
	p, err := h.programs.Program(ctx, program)
	if err == nil {
		err = h.svc.Allowed(ctx, p.ID) // refused at once, not in the background
	}
	if err == nil {
		err = h.checkPeriod(ctx, p, period)
	}
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	if c, err := h.svc.CycleOf(ctx, p.Code, period); err == nil && c.Status != payments.Preparing {
		return nil, h.duplicate(ctx, p, c)
	}
	c, _, err := h.payroll.Start(ctx, p.ID, p.Code, period, false, 0)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return h.cycleBody(ctx, c)
}

func (h *Handler) apiCycle(ctx context.Context, in *cycleIn) (*cycleOut, error) {
	c, err := h.svc.Cycle(ctx, in.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return h.cycleBody(ctx, c)
}

func (h *Handler) apiApprove(ctx context.Context, in *cycleIn) (*cycleOut, error) {
	c, err := h.svc.Approve(ctx, in.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return h.cycleBody(ctx, c)
}

func (h *Handler) apiExport(ctx context.Context, in *exportIn) (*filesOut, error) {
	files, err := h.svc.Export(ctx, in.ID, in.Body.Format, h.cycleDir(in.ID))
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	out := &filesOut{}
	out.Body.Items = fileBodies(files)
	return out, nil
}

// fileBodies describes a cycle's bank files with the address each is downloaded from.
func fileBodies(files []payments.File) []fileDTO {
	out := make([]fileDTO, len(files))
	for i, f := range files {
		out[i] = fileDTO{Bank: f.Bank, Format: f.Format, Lines: f.Lines, Total: f.Total.String(), Amount: f.Total,
			SHA256: f.SHA256, URL: "/payroll/files/" + itoa(f.CycleID) + "/" + filepath.Base(f.Path)}
	}
	return out
}

func (h *Handler) apiLines(ctx context.Context, in *linesIn) (*linesOut, error) {
	lines, err := h.svc.Lines(ctx, in.ID, in.Status, in.After)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &linesOut{}
	for _, l := range lines {
		out.Body.Items = append(out.Body.Items, lineBody(l))
	}
	return out, nil
}

func lineBody(l payments.Line) lineDTO {
	return lineDTO{Entitled: l.EntitlementID, Kind: l.Kind, Months: l.From.String() + ".." + l.To.String(),
		Gross: l.Gross.String(), Deduction: l.Deduction.String(), Net: l.Net.String(), FIN: l.FIN, Name: l.Name,
		IBAN: l.IBAN, Status: l.Status, Reason: l.Reason, ReasonCode: payments.ReasonCode(l.Reason), EndToEndID: l.EndToEndID}
}

func (h *Handler) apiResolve(ctx context.Context, in *resolveIn) (*struct{ Body lineDTO }, error) {
	l, err := h.svc.ResolveException(ctx, in.ID, in.Line, in.Body.Action, in.Body.Note)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &struct{ Body lineDTO }{lineBody(l)}, nil
}

func (h *Handler) apiStatement(ctx context.Context, in *statementIn) (*statementOut, error) {
	st, results, err := h.svc.Reconcile(ctx, in.RawBody, []byte(in.Signature), h.keys)
	if err != nil {
		return nil, statementProblem(ctx, err)
	}
	out := &statementOut{}
	out.Body.MsgID, out.Body.Format = st.MsgID, st.Format
	for _, r := range results {
		if r.Status == payments.LinePaid {
			out.Body.Paid++
		} else {
			out.Body.Returned++
		}
	}
	return out, nil
}

// cycleDir is where a cycle's files are written.
func (h *Handler) cycleDir(id int64) string { return filepath.Join(h.dir, itoa(id)) }

// download serves a payment file written earlier.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.PathValue("name"))
	cycle := pathID(r)
	f, err := os.Open(filepath.Join(h.cycleDir(cycle), name))
	if err != nil {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	defer f.Close()
	if err := h.svc.FileDownloaded(r.Context(), cycle, name); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	io.Copy(w, f)
}
