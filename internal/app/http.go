package app

import (
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dost-platform/dost/internal/appeals/appealsweb"
	"github.com/dost-platform/dost/internal/identity/identitydb"
	"github.com/dost-platform/dost/internal/identity/identityweb"
	"github.com/dost-platform/dost/internal/interop/interopweb"
	"github.com/dost-platform/dost/internal/payments/paymentsweb"
	"github.com/dost-platform/dost/internal/platform/audit/alerts"
	"github.com/dost-platform/dost/internal/platform/audit/auditweb"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/jobs/jobsweb"
	"github.com/dost-platform/dost/internal/platform/notify/notifyweb"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
	"github.com/dost-platform/dost/internal/portal"
	"github.com/dost-platform/dost/internal/programs/programsweb"
	"github.com/dost-platform/dost/internal/queue/queueweb"
	"github.com/dost-platform/dost/internal/registry/registryweb"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskweb"
	webfiles "github.com/dost-platform/dost/web"
)

// compose lists the domains' web modules: each registers its pages, API operations,
// navigation, home page and permissions with one value. A new domain adds one line here.
func (a *App) compose() []web.Module {
	a.ids = identityweb.New(a.Identity, a.Sessions, a.Audit)
	mods := []web.Module{
		a.ids.Module(a.Registry, a.Config.CitizenLogin),
		registryweb.New(a.Registry).WithImports(a.Imports).Module(),
		auditweb.New(a.Audit).Module(),
		programsweb.New(a.Programs).Module(),
		paymentsweb.New(a.Payments, a.Payroll, a.Programs, a.Config.FilesDir, a.Config.BankKeys, a.Config.Log).Module(),
		servicedeskweb.New(a.ServiceDesk, a.Queue).WithAppeals(appealWork{a.Appeals, a.Calendar}).Module(),
		queueweb.New(a.Queue).Module(),
		appealsweb.New(a.Appeals, a.Identity).Module(),
		portal.New(a.Registry, a.Programs, a.Payments, a.ServiceDesk, a.Queue, a.Appeals, a.Identity, a.Outbox).Module(portal.NewAccessLog(a.Audit)),
		notifyweb.New(a.Outbox).Module(),
		jobsweb.New(a.Jobs).Module(),
		alerts.New(a.Audit, institutionTree{a.Identity}).Module(),
		interopweb.New(a.Interop, a.Clients, a.Config.Clock).Module(),
		a.apiDocs(),
	}
	if a.DemoGateway != nil {
		mods = append(mods, notifyweb.NewDemoInbox(a.DemoGateway, a.Audit).Module())
	}
	return mods
}

// apiDocs is the platform's own page: the API reference, for everyone signed in.
func (a *App) apiDocs() web.Module {
	return web.Module{
		Name:   "api",
		Routes: func(rt web.Router) { rt.Handle("GET /api/docs", authz.Public, web.APIDocs(a.API)) },
		Nav:    []layout.NavItem{{Key: "nav.api", Href: "/api/docs", Permission: authz.Authenticated, Order: 130}},
	}
}

// sessions is the session manager over the sessions table: staff and citizens signed in.
func sessions(d *db.DB, demo bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = identitydb.NewSessions(d)
	sm.Lifetime, sm.IdleTimeout = 12*time.Hour, time.Hour
	sm.Cookie.Name, sm.Cookie.HttpOnly = "dost_session", true
	sm.Cookie.SameSite, sm.Cookie.Secure = http.SameSiteLaxMode, !demo
	return sm
}

// Handler builds HTTP, once: one mux for pages and API, the modules composed on it, wrapped
// in the middleware every request passes through, outermost first: observe → secure headers
// → cross-origin protection → session → principal → demo banner and navigation.
func (a *App) Handler() http.Handler {
	if a.handler != nil {
		return a.handler
	}
	web.InstallProblems()
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("dost", Version)
	cfg.Info.Description = "Single-window social-protection platform: social registry, programmes and payroll, service catalogue, queue, applications, certificates, appeals."
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "/openapi", "", "/schemas"
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":  {Type: "http", Scheme: "bearer", Description: "API token from POST /api/v1/tokens"},
		"session": {Type: "apiKey", In: "cookie", Name: "dost_session"},
	}
	a.API = humago.New(mux, cfg)
	kiosk, citizenLogin, activation := web.NewLimiter(2*time.Second, 20), web.NewLimiter(6*time.Second, 10), web.NewLimiter(6*time.Second, 10)
	a.API.UseMiddleware(web.RequireAPI(a.API), web.NoMultipartAPI, web.LimitAPI(map[string]*web.Limiter{"issue-ticket": kiosk}))

	rt := web.Router{Mux: mux, Routes: &a.Routes, Limits: map[string]*web.Limiter{
		"POST /kiosk/{centre}/tickets": kiosk, "POST /kiosk/{centre}/checkin": kiosk, "POST /e-social/login": citizenLogin,
		"POST /activate": activation}} // a pending account's code is voided after five wrong tries: strangers must not burn it
	site := web.Compose(rt, a.API, a.modules)
	rt.Handle("GET /{$}", authz.Public, site.Home)
	a.operations(mux)

	csrf := http.NewCrossOriginProtection()
	a.handler = web.Observe(a.Config.Log, a.Config.TrustedProxies, web.SecureHeaders(csrf.Handler(a.Sessions.LoadAndSave(a.ids.Authenticate(a.demoMark(site.Frame(web.Routed(mux))))))))
	return a.handler
}

// demoMark tells every page of a demo, through the request's context, to show the demo
// banner; outside demo it adds nothing.
func (a *App) demoMark(next http.Handler) http.Handler {
	if !a.Config.Demo {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(layout.WithDemo(r.Context(), a.DemoGateway != nil)))
	})
}

// operations registers what load balancers and monitoring call.
func (a *App) operations(mux *http.ServeMux) {
	mux.Handle("GET /static/", http.FileServerFS(webfiles.Static))
	if a.Config.MetricsAddr == "" { // else served apart, on a listener the public cannot reach (see Serve)
		mux.Handle("GET /metrics", promhttp.Handler())
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := a.DB.PingContext(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
