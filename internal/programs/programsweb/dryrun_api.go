package programsweb

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// dryRunDTO is a recorded dry run as the API shows it.
type dryRunDTO struct {
	ID        int64            `json:"id"`
	Program   string           `json:"program"`
	Version   int              `json:"version"`
	Day       clock.Date       `json:"day"`
	StartedBy string           `json:"started_by"`
	StartedAt time.Time        `json:"started_at"`
	Status    string           `json:"status" enum:"running,done,failed,interrupted" doc:"interrupted: the server running it stopped; start it again"`
	Percent   int64            `json:"percent" doc:"how far through the registry the run is"`
	Error     string           `json:"error,omitempty"`
	Result    *programs.DryRun `json:"result,omitempty" doc:"once done"`
}

func toDryRunDTO(rec programs.DryRunRecord) dryRunDTO {
	return dryRunDTO{ID: rec.ID, Program: rec.Program, Version: rec.Version, Day: rec.Day, StartedBy: rec.StartedBy,
		StartedAt: rec.StartedAt, Status: dryRunState(rec), Percent: rec.Percent(), Error: rec.Error, Result: rec.Result}
}

type startDryRunOut struct {
	Location string `header:"Location"`
	Body     dryRunDTO
}

type dryRunIDIn struct {
	Code string `path:"code"`
	ID   int64  `path:"id"`
}

type dryRunsOut struct {
	Body struct {
		Items []dryRunDTO `json:"items"`
	}
}

// dryRunAPI registers the recorded dry runs: start one, follow it, list the latest.
func (h *Handler) dryRunAPI(api huma.API, routes *[]web.Route, tags []string) {
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "start-dry-run", Method: http.MethodPost,
		Path: "/api/v1/programs/{code}/rules/{version}/dry-runs", Summary: "Start a recorded dry run of a rule version in the background",
		Description: "Answers at once with the run's record and its address; follow it there until its status is done. Over a national registry a run takes a minute or more.",
		Tags:        tags, DefaultStatus: http.StatusAccepted}, h.apiStartDryRun)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "get-dry-run", Method: http.MethodGet,
		Path: "/api/v1/programs/{code}/dry-runs/{id}", Summary: "A recorded dry run: its progress, or its result", Tags: tags}, h.apiDryRunRecord)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "list-dry-runs", Method: http.MethodGet,
		Path: "/api/v1/programs/{code}/dry-runs", Summary: "A programme's latest recorded dry runs, newest first", Tags: tags}, h.apiDryRuns)
}

func (h *Handler) apiStartDryRun(ctx context.Context, in *dryRunIn) (*startDryRunOut, error) {
	day, err := dryRunDay(in.Body.Date)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	rec, err := h.svc.StartDryRun(ctx, in.Code, in.Version, day, i18n.Lang(ctx))
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &startDryRunOut{Location: "/api/v1/programs/" + rec.Program + "/dry-runs/" + strconv.FormatInt(rec.ID, 10), Body: toDryRunDTO(rec)}, nil
}

func (h *Handler) apiDryRunRecord(ctx context.Context, in *dryRunIDIn) (*struct{ Body dryRunDTO }, error) {
	rec, err := h.svc.DryRunByID(ctx, in.Code, in.ID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &struct{ Body dryRunDTO }{toDryRunDTO(rec)}, nil
}

func (h *Handler) apiDryRuns(ctx context.Context, in *codeIn) (*dryRunsOut, error) {
	recs, err := h.svc.DryRuns(ctx, in.Code)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	out := &dryRunsOut{}
	out.Body.Items = make([]dryRunDTO, len(recs))
	for i, rec := range recs {
		out.Body.Items[i] = toDryRunDTO(rec)
	}
	return out, nil
}

// dryRunDay is the day a dry run evaluates on: the one asked for, or today.
func dryRunDay(date string) (clock.Date, error) {
	if date == "" {
		return clock.Today(clock.System{}), nil
	}
	day, err := clock.ParseDate(date)
	if err != nil {
		return day, fail.Fields{{Name: "date", Key: "invalid.date"}}
	}
	return day, nil
}
