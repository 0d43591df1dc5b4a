// Package auditweb lets an auditor browse and filter the audit log, within the institutions
// their grant covers, in the back office and over the API.
package auditweb

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Handler serves the audit browser.
type Handler struct{ log *audit.Log }

// New returns the audit browser.
func New(l *audit.Log) *Handler { return &Handler{log: l} }

// Routes registers the page.
func (h *Handler) Routes(rt web.Router) {
	rt.Handle("GET /audit", authz.AuditRead, h.page)
}

// filterFrom reads a filter from URL parameters, scoped to the principal's institutions.
func filterFrom(ctx context.Context, v url.Values) audit.Filter {
	f := audit.Filter{ActorLogin: v.Get("actor"), Entity: v.Get("entity"), EntityID: v.Get("entity_id"),
		Action: v.Get("action"), ActorKind: v.Get("kind"), ClientIP: v.Get("ip"), RequestID: v.Get("request_id"),
		Institutions: authz.From(ctx).Scope(authz.AuditRead)}
	f.BeforeID, _ = strconv.ParseInt(v.Get("before"), 10, 64)
	if d, err := clock.ParseDate(v.Get("from")); err == nil {
		f.From = d.Time().UTC() // stored timestamps are UTC; SQLite compares them as text
	}
	if d, err := clock.ParseDate(v.Get("to")); err == nil {
		f.To = d.AddDays(1).Time().UTC()
	}
	return f
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r.Context(), r.URL.Query())
	if r.URL.Query().Has("format") {
		h.download(w, r, f)
		return
	}
	f.Limit = 50
	entries, err := h.log.List(r.Context(), f)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	all, err := h.log.SeesAll(r.Context(), f.Institutions)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	names, err := h.log.InstitutionNames(r.Context(), i18n.Lang(r.Context()))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	older := ""
	if len(entries) == f.Limit {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		older = "/audit?" + q.Encode()
	}
	web.Render(w, r, http.StatusOK, auditPage(pageView{Query: r.URL.Query(), Entries: entries, Older: older, All: all, Institutions: names}))
}

// downloadColumns are the message keys of a download's header. Action, purpose, object and
// detail come twice: as stored, for machines and for searching the log, and in the reader's
// language.
var downloadColumns = []string{"audit.col.id", "field.when", "field.actor", "audit.kind", "field.institution",
	"audit.col.action", "field.action", "audit.col.purpose", "field.purpose", "audit.col.entity", "field.entity",
	"audit.col.entity_id", "audit.col.detail", "field.detail", "audit.client_ip", "audit.request_id"}

// download sends every entry the filter selects, newest first, streamed a keyset page at a
// time. The log names persons: the download is itself in the log.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, f audit.Filter) {
	ctx := r.Context()
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err == nil {
		err = export.Fits(format, func() (int64, error) { return h.log.Count(ctx, f) })
	}
	var names map[int64]string
	if err == nil {
		names, err = h.log.InstitutionNames(ctx, i18n.Lang(ctx))
	}
	if err == nil {
		err = h.log.Record(ctx, audit.For(ctx, audit.Read, "audit log download", "audit_log", "",
			audit.Msg("list_download", "Filter", list.URL("/audit", r.URL.Query()))))
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	lang := i18n.Lang(ctx)
	err = export.Send(w, format, lang, "audit-"+time.Now().In(clock.Baku).Format("2006-01-02"), "audit", func(t export.Table) error {
		header := make([]any, len(downloadColumns))
		for i, k := range downloadColumns {
			header[i] = i18n.T(ctx, k)
		}
		t.Row(header...)
		for f.Limit = 500; ; {
			page, err := h.log.List(ctx, f)
			if err != nil || len(page) == 0 {
				return err
			}
			for _, e := range page {
				err := t.Row(e.ID, e.At, e.ActorLogin, kindIn(ctx, e.ActorKind), names[e.InstitutionID],
					e.Action, audit.ActionIn(lang, e.Action), e.Purpose, audit.PurposeIn(lang, e.Purpose),
					e.Entity, audit.EntityIn(lang, e.Entity), e.EntityID, e.Detail, audit.DetailIn(lang, e.Detail), e.ClientIP, e.RequestID)
				if err != nil {
					return err
				}
			}
			f.BeforeID = page[len(page)-1].ID
		}
	})
	if err != nil {
		panic(http.ErrAbortHandler) // a log cut short must not download as if whole
	}
}

// kindIn is a kind of actor in the reader's language ("" for rows from before kinds).
func kindIn(ctx context.Context, kind string) string {
	if kind == "" {
		return ""
	}
	return i18n.T(ctx, "audit.kind."+kind)
}

// pageView is what the audit page shows.
type pageView struct {
	Query        url.Values
	Entries      []audit.Entry
	Older        string
	All          bool             // the auditor sees every row, not only their institutions' staff's
	Institutions map[int64]string // names by id
}

// kinds are the actor kinds a row records, in the order the filter offers them.
var kinds = []string{audit.Staff, audit.Citizen, audit.Anonymous, audit.System, audit.APIToken}

func (v pageView) institution(id int64) string {
	if id == 0 {
		return "—"
	}
	return v.Institutions[id]
}

type listIn struct {
	Actor    string `query:"actor"`
	Entity   string `query:"entity"`
	EntityID string `query:"entity_id"`
	Action   string `query:"action"`
	Kind     string `query:"kind" enum:"staff,citizen,anonymous,system,api," doc:"kind of actor"`
	IP       string `query:"ip" doc:"client address"`
	Request  string `query:"request_id"`
	From     string `query:"from" format:"date"`
	To       string `query:"to" format:"date"`
	Before   int64  `query:"before"`
	Limit    int    `query:"limit" minimum:"0" maximum:"500"`
}

type listOut struct {
	Body struct {
		Items []audit.Entry `json:"items"`
	}
}

// API registers the audit listing.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, authz.AuditRead, huma.Operation{OperationID: "list-audit", Method: http.MethodGet,
		Path: "/api/v1/audit", Summary: "Browse the audit log, newest first", Tags: []string{"Audit"}}, h.apiList)
}

func (h *Handler) apiList(ctx context.Context, in *listIn) (*listOut, error) {
	v := url.Values{"actor": {in.Actor}, "entity": {in.Entity}, "entity_id": {in.EntityID}, "action": {in.Action}, "kind": {in.Kind}, "ip": {in.IP}, "request_id": {in.Request},
		"from": {in.From}, "to": {in.To}, "before": {strconv.FormatInt(in.Before, 10)}}
	f := filterFrom(ctx, v)
	f.Limit = in.Limit
	entries, err := h.log.List(ctx, f)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &listOut{}
	out.Body.Items = entries
	return out, nil
}
