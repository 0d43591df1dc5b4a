package servicedeskweb

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// applicationsIn are the applications list's filters, the same as the page's.
type applicationsIn struct {
	Status   string `query:"status" doc:"a status, or all; empty: the open ones"`
	Deadline string `query:"deadline" enum:"on_track,at_risk,breached,open_in_time,late,met," doc:"empty: any; at_risk: a fifth of the working days or fewer left, as each item's deadline says"`
	Service  string `query:"service" example:"02-01-01-00"`
	Centre   string `query:"centre" example:"DOST-1"`
	From     string `query:"from" doc:"filed on or after, YYYY-MM-DD"`
	To       string `query:"to" doc:"filed on or before, YYYY-MM-DD"`
	Assignee string `query:"assignee" doc:"an officer's login, or - for nobody"`
	Sort     string `query:"sort" enum:"due,filed," doc:"due (default): earliest deadline first; filed: newest first"`
	After    string `query:"after" doc:"the next value of the previous page"`
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type applicationsOut struct {
	Body struct {
		Total int64            `json:"total" doc:"how many applications the filter selects"`
		Items []applicationDTO `json:"items"`
		Next  string           `json:"next,omitempty" doc:"pass as after= for the next page; absent on the last"`
	}
}

type assignApplicationsIn struct {
	Body struct {
		IDs     []string `json:"ids" maxItems:"200" doc:"uuids of the applications"`
		Officer string   `json:"officer" doc:"the officer's login"`
	}
}

type assignApplicationsOut struct {
	Body struct {
		Assigned []string `json:"assigned" doc:"numbers of the applications assigned; the others were closed or outside the officer's institutions"`
	}
}

// workAPI registers the work queue's operations.
func (h *Handler) workAPI(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "list-applications", Method: http.MethodGet, Path: "/api/v1/applications",
		Summary: "Applications of my institutions by filter, a keyset page at a time, with their total", Tags: []string{"Applications"}}, h.listAPI)
	web.Register(api, routes, servicedesk.Assign, huma.Operation{OperationID: "assign-applications", Method: http.MethodPost, Path: "/api/v1/applications/assign",
		Summary: "Assign applications to an officer of my institutions", Tags: []string{"Applications"}}, h.assignAPI)
}

func (h *Handler) listAPI(ctx context.Context, in *applicationsIn) (*applicationsOut, error) {
	q := url.Values{"status": {in.Status}, "deadline": {in.Deadline}, "service": {in.Service}, "centre": {in.Centre},
		"from": {in.From}, "to": {in.To}, "assignee": {in.Assignee}, "sort": {in.Sort}, "after": {in.After}, "size": {strconv.Itoa(in.Limit)}}
	var v listView
	f, err := h.readFilter(ctx, q, &v)
	if err != nil {
		return nil, problem(ctx, err)
	}
	if f.Institutions = authz.From(ctx).Scope(authz.Decide); len(f.Institutions) == 0 {
		return nil, problem(ctx, fail.ErrForbidden) // an empty scope would read as "every institution"
	}
	res, err := h.svc.ApplicationPage(ctx, f, list.Read(q, servicedesk.ApplicationSorts...))
	if err != nil {
		return nil, problem(ctx, err)
	}
	out := &applicationsOut{}
	out.Body.Total, out.Body.Next, out.Body.Items = res.Total, res.Next, make([]applicationDTO, len(res.Rows))
	for i, a := range res.Rows {
		out.Body.Items[i] = h.out(a).Body
	}
	return out, nil
}

func (h *Handler) assignAPI(ctx context.Context, in *assignApplicationsIn) (*assignApplicationsOut, error) {
	done, err := h.svc.Assign(ctx, in.Body.IDs, in.Body.Officer)
	out := &assignApplicationsOut{}
	out.Body.Assigned = done
	return out, problem(ctx, err)
}
