package alerts

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Read lets a staff member read the alert feed of high-value changes (grants, overrides,
// IBAN changes, statement imports, two-factor resets) made one level below them: the
// institution's administrators and auditors watch the institutions beneath it.
const Read authz.Permission = "alert.read"

// Module is the alert feed's page, API, navigation entry and permission, for the
// administrators and auditors of the level above.
func (f *Feed) Module() web.Module {
	return web.Module{
		Name:        "alerts",
		Routes:      f.Routes,
		API:         f.API,
		Nav:         []layout.NavItem{{Key: "nav.alerts", Href: "/alerts", Permission: Read, Order: 140}},
		Permissions: []authz.Declaration{{Permission: Read, Roles: []authz.Role{authz.Admin, authz.Auditor}}},
	}
}

// Routes registers the alert page.
func (f *Feed) Routes(rt web.Router) {
	rt.Handle("GET /alerts", Read, f.page)
}

func (f *Feed) page(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	page, err := f.List(r.Context(), q.Get("kind"), before, 50)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	older := ""
	if page.Next != 0 {
		v := r.URL.Query()
		v.Set("before", strconv.FormatInt(page.Next, 10))
		older = "/alerts?" + v.Encode()
	}
	web.Render(w, r, http.StatusOK, alertsPage(q.Get("kind"), page, older))
}

// AlertDTO is one alert as the API shows it.
type AlertDTO struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	Kind        string    `json:"kind" enum:"grant,two_factor,override,iban,statement,user,program"`
	Action      string    `json:"action"`
	Actor       string    `json:"actor"`
	Institution string    `json:"institution,omitempty" doc:"code of the institution the actor acted for; empty for a citizen or the system"`
	EntityID    string    `json:"entity_id"`
	Purpose     string    `json:"purpose"`
	Detail      string    `json:"detail"`
}

type alertsIn struct {
	Kind   string `query:"kind" enum:"grant,two_factor,override,iban,statement,user,program," doc:"one kind of alert; all when empty"`
	Before int64  `query:"before" doc:"keyset cursor: next from the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500"`
}

type alertsOut struct {
	Body struct {
		Items []AlertDTO `json:"items"`
		Next  int64      `json:"next,omitempty" doc:"pass as before for the next page"`
	}
}

// API registers the alert feed.
func (f *Feed) API(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, Read, huma.Operation{OperationID: "list-alerts", Method: http.MethodGet,
		Path: "/api/v1/alerts", Summary: "High-value changes made one level below the caller, newest first", Tags: []string{"Audit"}}, f.apiList)
}

func (f *Feed) apiList(ctx context.Context, in *alertsIn) (*alertsOut, error) {
	page, err := f.List(ctx, in.Kind, in.Before, in.Limit)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &alertsOut{}
	out.Body.Next = page.Next
	out.Body.Items = make([]AlertDTO, len(page.Items))
	for i, e := range page.Items {
		out.Body.Items[i] = AlertDTO{ID: e.ID, At: e.At, Kind: e.Entity, Action: e.Action, Actor: Actor(e.ActorLogin),
			Institution: page.Institutions[e.InstitutionID], EntityID: e.EntityID, Purpose: e.Purpose, Detail: e.Detail}
	}
	return out, nil
}

// actorName is who acted, as the page shows it: a staff member's login, or "citizen" in the
// reader's language.
func actorName(ctx context.Context, login string) string {
	if a := Actor(login); a != login {
		return i18n.T(ctx, "audit.kind."+a)
	}
	return login
}
