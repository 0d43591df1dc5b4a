package servicedeskweb

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// listView is what the applications list and "my work" show: the filters as chosen (kept in
// the URL), the choices they offer, one page of rows with the total, and for a manager the
// officers to assign to.
type listView struct {
	Path         string
	Query        url.Values
	Status       string
	Deadline     string
	Service      string
	Centre       string
	From, To     string
	Assignee     string
	Sort         string
	Services     []servicedesk.Passport
	Centres      []servicedesk.Centre
	Officers     []servicedesk.Officer
	Rows         []row
	Total        int64
	Next         string
	Me           string
	Mine         bool // "my work": rows assigned to someone else are substitutions
	Appeals      []WorkItem
	AppealsTotal int64  // how many appeals "my work" selects
	AppealsNext  string // the cursor of their next page
	Flash        string
	Problem      string
	Fields       map[string]string
	Code         int
	Checked      []string // the ids checked in a refused assignment, checked again
	Officer      string   // and the officer chosen // the response's status: 422 when an assignment is refused
}

// readFilter reads a list's filters from the URL into the store's filter and the view: an
// unknown value selects nothing special, so a hand-edited link shows a wider list.
func (h *Handler) readFilter(ctx context.Context, q url.Values, v *listView) (servicedesk.ApplicationFilter, error) {
	f := servicedesk.ApplicationFilter{Statuses: servicedesk.OpenStatuses, Escalated: q.Get("escalated") == "1"}
	v.Status, v.Deadline, v.Assignee = q.Get("status"), q.Get("deadline"), q.Get("assignee")
	switch {
	case v.Status == "all":
		f.Statuses = nil
	case slices.Contains(allStatuses, v.Status):
		f.Statuses = []string{v.Status}
	}
	if slices.Contains(servicedesk.DeadlineFilters, v.Deadline) {
		f.Deadline = v.Deadline
		if v.Status == "" && (v.Deadline == servicedesk.Late || v.Deadline == servicedesk.Met) {
			f.Statuses = nil // decided late or in time: no open application is either
		}
	}
	if v.Assignee != "" {
		f.Assignees = []string{v.Assignee}
	}
	v.From, v.To = list.Dates(q)
	f.FiledFrom, f.FiledTo = v.From, v.To
	var err error
	if v.Services, err = h.svc.Catalogue(ctx, true); err != nil {
		return f, err
	}
	if v.Centres, err = h.svc.Centres(ctx); err != nil {
		return f, err
	}
	v.Service, v.Centre = q.Get("service"), q.Get("centre")
	for _, p := range v.Services {
		if p.Code == v.Service {
			f.ServiceID = p.ID
		}
	}
	for _, c := range v.Centres {
		if c.Code == v.Centre {
			f.CentreID = c.ID
		}
	}
	return f, nil
}

// allStatuses are the statuses a list can be narrowed to, in the order of an application's life.
var allStatuses = []string{servicedesk.Submitted, servicedesk.Registered, servicedesk.InReview, servicedesk.Granted,
	servicedesk.Refused, servicedesk.Delivered, servicedesk.Withdrawn}

// applications is the back office's work queue: applications of the officer's institutions
// by filter, a keyset page at a time with their total, or the whole filtered list as CSV or
// XLSX (?format=).
func (h *Handler) applications(w http.ResponseWriter, r *http.Request) {
	h.queue(w, r, listView{})
}

// queue shows the applications list; v carries a refused assignment's message.
func (h *Handler) queue(w http.ResponseWriter, r *http.Request, v listView) {
	ctx, q := r.Context(), r.URL.Query()
	v.Path, v.Query, v.Me = "/applications", q, authz.Actor(ctx)
	f, err := h.readFilter(ctx, q, &v)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	f.Institutions = authz.From(ctx).Scope(authz.Decide)
	h.showList(w, r, f, v)
}

// myWork is an officer's home: what is assigned to them, and to the officers they substitute
// for today, with each one's deadline; open work by default, any status on request.
func (h *Handler) myWork(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	v := listView{Path: "/work", Query: q, Me: authz.Actor(ctx), Mine: true}
	f, err := h.readFilter(ctx, q, &v)
	if err == nil {
		f.Assignees, err = h.svc.WorkOf(ctx)
	}
	if err == nil && h.appeals != nil {
		var res list.Result[WorkItem]
		res, err = h.appeals.AppealsOf(ctx, AppealQuery{Logins: f.Assignees, All: f.Statuses == nil, Deadline: f.Deadline,
			Page: list.Page{Size: list.DefaultSize, Sort: "due", After: list.Decode(q.Get(appealsAfter))}})
		v.Appeals, v.AppealsTotal, v.AppealsNext = res.Rows, res.Total, res.Next
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	f.Institutions = authz.From(ctx).Scope(authz.Decide)
	h.showList(w, r, f, v)
}

func (h *Handler) showList(w http.ResponseWriter, r *http.Request, f servicedesk.ApplicationFilter, v listView) {
	ctx, q := r.Context(), r.URL.Query()
	if len(f.Institutions) == 0 { // an empty scope would read as "every institution"
		web.HTMLError(w, r, fail.ErrForbidden)
		return
	}
	page := list.Read(q, servicedesk.ApplicationSorts...)
	f.Sort, v.Sort = page.Sort, page.Sort
	if q.Get("format") != "" {
		h.download(w, r, f, v.Path)
		return
	}
	res, err := h.svc.ApplicationPage(ctx, f, page)
	if err == nil && authz.From(ctx).Can(servicedesk.Assign) && !v.Mine {
		v.Officers, err = h.svc.Officers(ctx)
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Rows, v.Total, v.Next = h.rows(res.Rows), res.Total, res.Next
	if n, _ := strconv.Atoi(q.Get("assigned")); q.Has("assigned") {
		v.Flash = i18n.TN(ctx, "work.assigned", n, map[string]any{"Officer": q.Get("officer")})
	}
	if q.Get("empty") == "1" {
		v.Flash = i18n.T(ctx, "work.queue_empty")
	}
	web.Render(w, r, cmp.Or(v.Code, http.StatusOK), listPage(v))
}

// downloadColumns are the message keys of the download's header.
var downloadColumns = []string{"work.col.number", "field.service", "field.fin", "field.full_name", "application.status",
	"field.filed_on", "field.due_on", "application.deadline", "work.col.assignee", "work.col.centre"}

// download sends the whole filtered list, streamed; the download is in the audit log.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, f servicedesk.ApplicationFilter, path string) {
	ctx := r.Context()
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err == nil {
		err = export.Fits(format, func() (int64, error) { return h.svc.CountApplications(ctx, f) })
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	centres := map[int64]string{}
	if cs, err := h.svc.Centres(ctx); err == nil {
		for _, c := range cs {
			centres[c.ID] = c.Code
		}
	}
	cal, today := h.svc.Calendar().Get(), h.svc.Today()
	filter := list.URL(path, r.URL.Query(), "after", "", "format", "")
	err = export.Send(w, format, i18n.Lang(ctx), "applications-"+today.String(), "applications", func(t export.Table) error {
		header := make([]any, len(downloadColumns))
		for i, k := range downloadColumns {
			header[i] = i18n.T(ctx, k)
		}
		t.Row(header...)
		return h.svc.EachApplication(ctx, f, string(format)+" "+filter, func(a servicedesk.Application) error {
			return t.Row(a.Number, a.Service.Code, a.PersonFIN, a.PersonName, i18n.T(ctx, "application.status."+a.Status), a.FiledOn, a.DueOn,
				i18n.T(ctx, "deadline."+a.Deadline(cal, today)), a.AssignedTo, centres[a.CentreID])
		})
	})
	if err != nil {
		panic(http.ErrAbortHandler) // a list cut short must not download as if whole
	}
}

// assign gives the checked applications to the chosen officer and goes back to the list.
func (h *Handler) assign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	back := web.LocalPath(r.PostFormValue("back"))
	officer := r.PostFormValue("officer")
	done, err := h.svc.Assign(ctx, r.PostForm["id"], officer)
	u, _ := url.Parse(back)
	if err != nil { // the list again, as it was, with the reason at the officer's field
		code, msg, fields := web.FormError(ctx, err)
		r2 := r.Clone(ctx)
		r2.URL.RawQuery = u.RawQuery
		h.queue(w, r2, listView{Code: code, Problem: msg, Fields: fields, Checked: r.PostForm["id"], Officer: officer})
		return
	}
	q := u.Query()
	q.Set("assigned", strconv.Itoa(len(done)))
	q.Set("officer", officer)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// take gives the officer the next unassigned application of the queue and opens it.
func (h *Handler) take(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.TakeNext(r.Context())
	if err != nil {
		if errors.Is(err, fail.ErrNotFound) {
			http.Redirect(w, r, "/work?empty=1", http.StatusSeeOther)
			return
		}
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/applications/"+a.UUID, http.StatusSeeOther)
}

// AppealWork is the appeals' part of "my work": the appeals assigned to any of the logins (the
// officer and those they substitute for), earliest due first, a keyset page at a time with
// their total. The appeals domain provides it through the composition root, so the single
// window does not depend on it.
type AppealWork interface {
	AppealsOf(ctx context.Context, q AppealQuery) (list.Result[WorkItem], error)
}

// AppealQuery is what "my work" asks of the appeals: whose, open only or all, in which
// deadline state (the applications' filter values, which appeals share), and which page.
type AppealQuery struct {
	Logins   []string
	All      bool
	Deadline string
	Page     list.Page
}

// WorkItem is one appeal in "my work".
type WorkItem struct {
	Href, Number, Subject string
	StatusKey             string // the message key of its status
	DueOn                 clock.Date
	Deadline              string // its deadline state (servicedesk.DeadlineState)
	AssignedTo            string
}

// appealsAfter is the URL parameter of the appeals' own page in "my work", beside the
// applications' after=, so that either list pages on without moving the other.
const appealsAfter = "appeals_after"

// WithAppeals shows appeals in "my work" too.
func (h *Handler) WithAppeals(a AppealWork) *Handler {
	h.appeals = a
	return h
}
