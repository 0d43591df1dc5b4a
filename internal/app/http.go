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
	"github.com/dost-platform/dost/internal/payments/paymentsweb"
	"github.com/dost-platform/dost/internal/platform/audit/auditweb"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/jobs/jobsweb"
	"github.com/dost-platform/dost/internal/platform/notify/notifyweb"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
	"github.com/dost-platform/dost/internal/portal"
	"github.com/dost-platform/dost/internal/programs/programsweb"
	"github.com/dost-platform/dost/internal/registry/registryweb"
	"github.com/dost-platform/dost/internal/servicedesk"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskweb"
	webfiles "github.com/dost-platform/dost/web"
)

// routes builds the handler: one mux for pages and API, wrapped in the middleware every
// request passes through, outermost first: observe → secure headers → cross-origin
// protection → session → principal.
func (a *App) routes() {
	web.InstallProblems()
	mux := http.NewServeMux()
	a.Sessions = scs.New()
	a.Sessions.Store = identitydb.NewSessions(a.DB)
	a.Sessions.Lifetime, a.Sessions.IdleTimeout = 12*time.Hour, time.Hour
	a.Sessions.Cookie.Name, a.Sessions.Cookie.HttpOnly = "dost_session", true
	a.Sessions.Cookie.SameSite, a.Sessions.Cookie.Secure = http.SameSiteLaxMode, !a.Config.Demo

	cfg := huma.DefaultConfig("dost", Version)
	cfg.Info.Description = "Single-window social-protection platform: social registry, programmes and payroll, service catalogue, queue, applications, certificates, appeals."
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "/openapi", "", "/schemas"
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":  {Type: "http", Scheme: "bearer", Description: "API token from POST /api/v1/tokens"},
		"session": {Type: "apiKey", In: "cookie", Name: "dost_session"},
	}
	a.API = humago.New(mux, cfg)
	kiosk, citizenLogin := web.NewLimiter(2*time.Second, 20), web.NewLimiter(6*time.Second, 10)
	a.API.UseMiddleware(web.RequireAPI(a.API), web.NoMultipartAPI, web.LimitAPI(map[string]*web.Limiter{"issue-ticket": kiosk}))

	rt := web.Router{Mux: mux, Routes: &a.Routes, Uploads: uploads, Limits: map[string]*web.Limiter{
		"POST /kiosk/{centre}/tickets": kiosk, "POST /kiosk/{centre}/checkin": kiosk, "POST /e-social/login": citizenLogin}}
	ids := identityweb.New(a.Identity, a.Sessions, a.Audit)
	reg := registryweb.New(a.Registry)
	aud := auditweb.New(a.Audit)
	prog := programsweb.New(a.Programs)
	pay := paymentsweb.New(a.Payments, a.Payroll, a.Programs, a.Config.FilesDir, a.Config.BankKeys, a.Config.Log)
	ids.Routes(rt)
	reg.Routes(rt)
	aud.Routes(rt)
	ids.API(a.API, &a.Routes)
	reg.API(a.API, &a.Routes)
	aud.API(a.API, &a.Routes)
	prog.API(a.API, &a.Routes)
	pay.API(a.API, &a.Routes)
	pay.Routes(rt)
	prog.Routes(rt)
	desk := servicedeskweb.New(a.ServiceDesk)
	desk.Routes(rt)
	desk.API(a.API, &a.Routes)
	appeal := appealsweb.New(a.Appeals, a.Identity)
	appeal.Routes(rt)
	appeal.API(a.API, &a.Routes)
	ids.CitizenRoutes(rt, a.Registry, a.Config.CitizenLogin)
	portal.New(a.Registry, a.Programs, a.Payments, a.ServiceDesk, a.Appeals, appeal, a.Outbox).Routes(rt)
	portal.NewAccessLog(a.Audit).Routes(rt)
	notifyweb.New(a.Outbox).Routes(rt)
	jw := jobsweb.New(a.Jobs)
	jw.Routes(rt)
	jw.API(a.API, &a.Routes) // background work: /admin/jobs, /api/v1/jobs
	if a.DemoGateway != nil {
		notifyweb.NewDemoInbox(a.DemoGateway, a.Audit).Routes(rt)
	}
	a.alertRoutes(rt)
	rt.Handle("GET /api/docs", authz.Public, web.APIDocs(a.API))
	rt.Handle("GET /{$}", authz.Public, home)
	a.operations(mux)

	csrf := http.NewCrossOriginProtection()
	a.Handler = web.Observe(a.Config.Log, a.Config.TrustedProxies, web.SecureHeaders(csrf.Handler(a.Sessions.LoadAndSave(ids.Authenticate(a.demoMark(web.Routed(mux)))))))
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

// uploads are the pages that take files, with their body limits; every other page takes a
// form of at most web.FormLimit and refuses multipart bodies (415).
var uploads = map[string]int64{
	"POST /applications":          servicedesk.MaxUpload,
	"POST /e-social/apply/{code}": servicedesk.MaxUpload,
	"POST /verify":                4 << 20,
	"POST /payroll/statements":    web.StatementLimit,
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

// home sends a signed-in user to the first page their role opens, others to sign in.
func home(w http.ResponseWriter, r *http.Request) {
	p := authz.From(r.Context())
	switch {
	case p == nil:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case p.PersonID != 0:
		http.Redirect(w, r, "/e-social", http.StatusSeeOther)
	case p.Can(authz.QueueServe):
		http.Redirect(w, r, "/desk", http.StatusSeeOther)
	case p.Can(authz.PersonRead):
		http.Redirect(w, r, "/persons", http.StatusSeeOther)
	case p.Can(authz.ServiceReport) && !p.Can(authz.ProgramManage):
		http.Redirect(w, r, "/reports/service", http.StatusSeeOther)
	case p.Can(authz.AuditRead):
		http.Redirect(w, r, "/audit", http.StatusSeeOther)
	case p.Can(authz.UserManage):
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/api/docs", http.StatusSeeOther)
	}
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
