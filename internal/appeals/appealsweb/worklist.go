package appealsweb

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/workdays"
)

// listView is the appeals list: the filters as chosen (kept in the URL), one page with the
// total, and for a manager the officers to assign the checked appeals to.
type listView struct {
	Query    url.Values
	Status   string
	Deadline string
	Category string
	From, To string
	Assignee string
	Sort     string
	Rows     []appeals.Appeal
	Total    int64
	Next     string
	Officers []appeals.Officer
	Flash    string
	Problem  string
	Fields   map[string]string
	Code     int
	Checked  []string           // the ids checked in a refused assignment, checked again
	Officer  string             // and the officer chosen
	Cal      *workdays.Calendar // the calendar an appeal's risk is counted on
}

// readFilter reads the list's filters from the URL; an unknown value selects nothing special.
// Open appeals by default (?all=1, the old link, or status=all for every one).
func readFilter(q url.Values, v *listView) appeals.Filter {
	f := appeals.Filter{OpenOnly: true}
	v.Status, v.Deadline, v.Category, v.Assignee = q.Get("status"), q.Get("deadline"), q.Get("category"), q.Get("assignee")
	switch {
	case v.Status == "all" || q.Get("all") == "1":
		f.OpenOnly, v.Status = false, "all"
	case slices.Contains(appeals.Statuses, v.Status):
		f.OpenOnly, f.Statuses = false, []string{v.Status}
	}
	if slices.Contains(appeals.DeadlineFilters, v.Deadline) {
		f.Deadline = v.Deadline
		if v.Status == "" && (v.Deadline == appeals.Late || v.Deadline == appeals.Met) {
			f.OpenOnly = false // answered late or in time: no open appeal is either
		}
	}
	if slices.Contains(appeals.Categories, v.Category) {
		f.Category = v.Category
	}
	if v.Assignee != "" {
		f.Assignees = []string{v.Assignee}
	}
	v.From, v.To = list.Dates(q)
	f.ReceivedFrom, f.ReceivedTo = v.From, v.To
	return f
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) { h.showList(w, r, listView{}) }

// showList is the register of the institution's appeals by filter, a keyset page at a time
// with the total, or the whole filtered list as CSV or XLSX (?format=).
func (h *Handler) showList(w http.ResponseWriter, r *http.Request, v listView) {
	ctx, q := r.Context(), r.URL.Query()
	v.Query, v.Cal = q, h.svc.Calendar().Get()
	f := readFilter(q, &v)
	page := list.Read(q, appeals.Sorts...)
	f.Sort, v.Sort = page.Sort, page.Sort
	if q.Get("format") != "" {
		h.download(w, r, f)
		return
	}
	res, err := h.svc.Page(ctx, f, page)
	if err == nil && authz.From(ctx).Can(appeals.Assign) {
		v.Officers, err = h.svc.Officers(ctx)
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Rows, v.Total, v.Next = res.Rows, res.Total, res.Next
	if n, _ := strconv.Atoi(q.Get("assigned")); q.Has("assigned") {
		v.Flash = i18n.TN(ctx, "appeals.assigned", n, map[string]any{"Officer": q.Get("officer")})
	}
	if q.Get("empty") == "1" {
		v.Flash = i18n.T(ctx, "appeals.queue_empty")
	}
	web.Render(w, r, cmp.Or(v.Code, http.StatusOK), listPage(v, h.svc.Today()))
}

// takeNext gives the officer the next unassigned appeal of their institutions and opens it;
// with none waiting, the list says so.
func (h *Handler) takeNext(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.TakeNext(r.Context())
	if errors.Is(err, fail.ErrNotFound) {
		http.Redirect(w, r, "/appeals?empty=1", http.StatusSeeOther)
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/appeals/"+a.UUID, http.StatusSeeOther)
}

// downloadColumns are the message keys of the download's header.
var downloadColumns = []string{"appeals.col.number", "appeal.received", "appeal.channel", "appeal.category", "appeal.applicant",
	"appeal.subject", "appeal.institution", "application.status", "field.due_on", "appeals.col.assignee"}

// download sends the whole filtered list, streamed; the download is in the audit log.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, f appeals.Filter) {
	ctx := r.Context()
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err == nil {
		err = export.Fits(format, func() (int64, error) { return h.svc.Count(ctx, f) })
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	filter := list.URL("/appeals", r.URL.Query(), "after", "", "format", "")
	err = export.Send(w, format, i18n.Lang(ctx), "appeals-"+h.svc.Today().String(), "appeals", func(t export.Table) error {
		header := make([]any, len(downloadColumns))
		for i, k := range downloadColumns {
			header[i] = i18n.T(ctx, k)
		}
		t.Row(header...)
		return h.svc.Each(ctx, f, string(format)+" "+filter, func(a appeals.Appeal) error {
			applicant := a.Applicant
			if a.Anonymous {
				applicant = i18n.T(ctx, "appeal.anonymous")
			}
			return t.Row(a.Number, a.ReceivedOn, i18n.T(ctx, "appeal.channel."+a.Channel), i18n.T(ctx, "appeal.category."+a.Category), applicant,
				a.Subject, a.Institution, i18n.T(ctx, "appeal.status."+a.Status), a.DueOn, a.AssignedTo)
		})
	})
	if err != nil {
		panic(http.ErrAbortHandler) // a list cut short must not download as if whole
	}
}

// assign gives the checked appeals to the chosen officer and goes back to the list as it was.
func (h *Handler) assign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, _ := url.Parse(web.LocalPath(r.PostFormValue("back")))
	officer := r.PostFormValue("officer")
	done, err := h.svc.AssignTo(ctx, r.PostForm["id"], officer)
	if err != nil {
		code, msg, fields := web.FormError(ctx, err)
		r2 := r.Clone(ctx)
		r2.URL.RawQuery = u.RawQuery
		h.showList(w, r2, listView{Code: code, Problem: msg, Fields: fields, Checked: r.PostForm["id"], Officer: officer})
		return
	}
	q := u.Query()
	q.Set("assigned", strconv.Itoa(len(done)))
	q.Set("officer", officer)
	http.Redirect(w, r, "/appeals?"+q.Encode(), http.StatusSeeOther)
}
