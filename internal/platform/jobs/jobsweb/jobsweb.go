// Package jobsweb is the operators' page and API of background work: the runs of every node,
// their progress, failures with their reasons, and retry and cancel. The page needs the
// operations permission; a kind of job may ask more for retry and cancel (a payroll
// preparation: the payment permission in its programme's institution). Summaries hold no
// personal data, so an operator reads none here.
package jobsweb

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Handler serves the jobs page and API.
type Handler struct{ jobs *jobs.Jobs }

// New returns the jobs page.
func New(j *jobs.Jobs) *Handler { return &Handler{jobs: j} }

// pager is the page's place in the list of runs: the total, and the next page's cursor.
type pager struct {
	Query url.Values
	Total int64
	Next  string
}

// pageSize is how many of the newest runs the page and the API list.
const pageSize = 200

// Routes registers the page and its retry and cancel.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /admin/jobs", authz.Operations, h.page)
	rt.Handle("POST /admin/jobs/{id}/retry", authz.Operations, h.act((*jobs.Jobs).Retry))
	rt.Handle("POST /admin/jobs/{id}/cancel", authz.Operations, h.act((*jobs.Jobs).Cancel))
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := list.Read(q)
	var before int64
	if len(p.After) == 1 {
		before, _ = strconv.ParseInt(p.After[0], 10, 64)
	}
	runs, err := h.jobs.RunsBefore(r.Context(), q.Get("kind"), before, p.Size+1)
	var total int64
	if err == nil {
		total, err = h.jobs.CountRuns(r.Context(), q.Get("kind"))
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	runs, next := list.Cut(runs, p.Size, func(r jobs.Run) string { return list.Cursor(strconv.FormatInt(r.ID, 10)) })
	web.Render(w, r, http.StatusOK, jobsPage(runs, h.jobs.Title, time.Now(), h.jobs.RescueAfter(), pager{Query: q, Total: total, Next: next}))
}

func (h *Handler) act(do func(*jobs.Jobs, context.Context, int64) (jobs.Run, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if _, err := do(h.jobs, r.Context(), id); err != nil {
			web.HTMLError(w, r, err)
			return
		}
		http.Redirect(w, r, "/admin/jobs", http.StatusSeeOther)
	}
}

// jobRunDTO is a run in the API.
type jobRunDTO struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Summary   string     `json:"summary"`
	StartedBy string     `json:"started_by"`
	Node      string     `json:"node"`
	State     string     `json:"state" enum:"queued,running,retrying,done,failed,cancelled"`
	Reason    string     `json:"reason,omitempty"`
	Attempt   int        `json:"attempt"`
	Done      int64      `json:"done"`
	Total     int64      `json:"total"`
	CancelBy  string     `json:"cancel_by,omitempty"`
	Created   time.Time  `json:"created_at"`
	Started   *time.Time `json:"started_at,omitempty"`
	Heartbeat *time.Time `json:"heartbeat_at,omitempty"`
	Finished  *time.Time `json:"finished_at,omitempty"`
}

func dto(r jobs.Run) jobRunDTO {
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	return jobRunDTO{ID: r.ID, Kind: r.Kind, Summary: r.Summary, StartedBy: r.StartedBy, Node: r.Node, State: r.State,
		Reason: r.Reason, Attempt: r.Attempt, Done: r.Done, Total: r.Total, CancelBy: r.CancelBy, Created: r.Created,
		Started: at(r.Started), Heartbeat: at(r.Heartbeat), Finished: at(r.Finished)}
}

type jobListIn struct {
	Kind string `query:"kind" doc:"only runs of this kind, e.g. payments.prepare"`
}

type jobListOut struct {
	Body struct {
		Runs []jobRunDTO `json:"runs"`
	}
}

type jobRunIn struct {
	ID int64 `path:"id"`
}

type jobRunOut struct{ Body jobRunDTO }

// API registers the operations on runs.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tag := func(op huma.Operation) huma.Operation { op.Tags = []string{"Jobs"}; return op }
	web.Register(api, routes, authz.Operations, tag(huma.Operation{OperationID: "list-jobs", Method: http.MethodGet,
		Path: "/api/v1/jobs", Summary: "The newest runs of background work, on every node"}), h.apiList)
	web.Register(api, routes, authz.Operations, tag(huma.Operation{OperationID: "retry-job", Method: http.MethodPost,
		Path: "/api/v1/jobs/{id}/retry", Summary: "Run a failed or cancelled run again"}), h.apiDo((*jobs.Jobs).Retry))
	web.Register(api, routes, authz.Operations, tag(huma.Operation{OperationID: "cancel-job", Method: http.MethodPost,
		Path: "/api/v1/jobs/{id}/cancel", Summary: "Cancel a run: at once if it waits, at its next progress report if it runs"}), h.apiDo((*jobs.Jobs).Cancel))
}

func (h *Handler) apiList(ctx context.Context, in *jobListIn) (*jobListOut, error) {
	runs, err := h.jobs.Runs(ctx, in.Kind, pageSize)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &jobListOut{}
	out.Body.Runs = []jobRunDTO{}
	for _, r := range runs {
		out.Body.Runs = append(out.Body.Runs, dto(r))
	}
	return out, nil
}

func (h *Handler) apiDo(do func(*jobs.Jobs, context.Context, int64) (jobs.Run, error)) func(context.Context, *jobRunIn) (*jobRunOut, error) {
	return func(ctx context.Context, in *jobRunIn) (*jobRunOut, error) {
		r, err := do(h.jobs, ctx, in.ID)
		if err != nil {
			return nil, web.ToProblem(ctx, err, "path.")
		}
		return &jobRunOut{Body: dto(r)}, nil
	}
}
