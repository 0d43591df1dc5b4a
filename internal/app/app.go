// Package app is the composition root: configuration → database → stores → services, opened
// by New, which commands and tests share; HTTP → the domains' web modules, built apart by
// Handler, which only the server and the tests that need HTTP call.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/appeals/appealsdb"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/identity/identitydb"
	"github.com/dost-platform/dost/internal/identity/identityweb"
	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/interop/interopdb"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/paymentsdb"
	"github.com/dost-platform/dost/internal/payments/paymentsjob"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/platform/jobs"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/notify/smsgateway"
	"github.com/dost-platform/dost/internal/platform/request"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/programs/programsdb"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/queue/queuedb"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/registrydb"
	"github.com/dost-platform/dost/internal/servicedesk"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskdb"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=…".
var Version = "dev"

// Config is everything the system needs to start.
type Config struct {
	DB   string // sqlite:PATH or postgres://…
	Addr string
	// Demo switches on every demo behaviour, and only it does: FİN-only citizen sign-in, demo
	// data, the demo payer account, the simulated SMS gateway, unsigned bank statements, a
	// shifted clock, session cookies over plain HTTP, and a banner on every page. The database
	// is marked with the mode it was created in (see Claim).
	Demo bool
	// DemoLife fills a new demo's last weeks with what staff and citizens would have done
	// (demo.Life): applications in every state, tickets, appeals, benefits, a payroll cycle.
	// Off for tests and benchmarks, which count what they do themselves.
	DemoLife       bool
	Payer          payments.Payer        // the account payment files debit; the demo payer in a demo when unset
	AuditKey       []byte                // the audit chain's HMAC key (DOST_AUDIT_KEY[_FILE]), at least MinAuditKey bytes; required outside demo, the published demo key in a demo
	MetricsAddr    string                // where /metrics listens instead of the public address, e.g. 127.0.0.1:9090
	PayrollBatch   int                   // entitlements per payroll step; 0 for the default
	FilesDir       string                // where payment files are written; ./dost-data/payments by default
	BankKeys       payments.Keys         // banks' statement-signing keys; none: statements refused outside demo
	BaseURL        string                // public address for QR codes and SMS links; the listen address by default
	Sender         notify.Sender         // SMS and e-mail gateway; required outside demo, the simulated gateway in a demo
	CitizenLogin   identity.CitizenLogin // how citizens sign in to the portal
	TrustedProxies request.Proxies       // reverse proxies whose X-Forwarded-For names the client; none by default
	AuditOldKeys   [][]byte              // audit keys before a rotation, for verifying older rows
	Checkpoint     AuditCheckpoints      // signed checkpoints of the audit log (auditcheckpoint.go)
	NoMigrate      bool                  // the schema is the owner's to migrate: the app role runs without DDL rights
	ActivationTTL  time.Duration         // how long a staff account's one-time activation code lives; 72 h by default
	JobsQueue      string                // a command's private job queue (jobs.PrivateQueue); empty for a server, which works the default queue and the periodic jobs
	JobRescueAfter time.Duration         // how long a job may run without a sign of life before another node takes it; jobs.DefaultRescueAfter (2 minutes) when zero
	Log            *slog.Logger
	Clock          clock.Clock
}

// App is a running dost.
type App struct {
	Config        Config
	DB            *db.DB
	Audit         *audit.Log
	Registry      *registry.Service
	Identity      *identity.Service
	Programs      *programs.Service
	ProgramStore  programs.Store
	Payments      *payments.Service
	Calendar      *workdays.Live
	ServiceDesk   *servicedesk.Service
	ServiceStore  servicedesk.Store
	Queue         *queue.Service
	QueueStore    queue.Store
	Appeals       *appeals.Service
	Clients       *identity.Clients // machine clients of other institutions (DCI agreements)
	Interop       *interop.Service  // dost as a DCI social registry
	Outbox        *notify.Outbox
	Jobs          *jobs.Jobs           // background work (River) and its run record
	Payroll       *paymentsjob.Payroll // payroll preparations, run as jobs
	Imports       *importer.Service    // the platform's importer; income is its first kind
	IdentityStore identity.Store
	DemoGateway   *smsgateway.Gateway // the simulated SMS gateway a demo sends to; nil otherwise
	MetricsListen string              // where /metrics listens when apart (--metrics-addr), once Serve has started
	Sessions      *scs.SessionManager
	API           huma.API    // set by Handler
	Routes        []web.Route // every page and API operation, set by Handler

	modules []web.Module         // the domains' web modules (http.go); their permissions are declared by New
	ids     *identityweb.Handler // sign-in and the principal of every request
	handler http.Handler         // built once, by Handler
}

// New opens and migrates the database and wires every store and service. It declares the
// domains' permissions, so that a command checking one sees the web's matrix, but builds no
// HTTP: that is Handler's.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	var gateway *smsgateway.Gateway
	if cfg.Demo {
		cfg.Log.Warn("DEMO MODE: made-up data, published passwords, sign-in by FİN alone; never use this database for real persons")
		cfg.CitizenLogin.Demo = true
		if cfg.Payer.IBAN == "" {
			cfg.Payer = DemoPayer
		}
		if cfg.Sender == nil {
			gateway = smsgateway.New("demo")
			cfg.Sender = notify.HTTPSender{URL: "http://sms-gateway.demo/messages", Token: "demo", Client: gateway.Client()}
		}
	}
	if cfg.FilesDir == "" {
		cfg.FilesDir = filepath.Join("dost-data", "payments")
	}
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: d, DemoGateway: gateway}
	if err := a.init(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) init(ctx context.Context) (err error) {
	if !a.Config.NoMigrate {
		if err := a.DB.Migrate(ctx); err != nil {
			return err
		}
		if err := jobs.Migrate(ctx, a.DB); err != nil {
			return err
		}
	}
	if err := Claim(ctx, a.DB, a.Config.Demo); err != nil {
		return err
	}
	if err := registrydb.LoadPlaces(ctx, a.DB); err != nil {
		return err
	}
	if a.Audit, err = a.openAudit(ctx); err != nil {
		return err
	}
	reg, err := registry.NewService(registrydb.New(a.DB, a.Audit), a.Audit, a.Config.Clock)
	if err != nil {
		return err
	}
	a.Registry = reg
	a.Imports = importer.New(a.DB, a.Audit)
	a.Imports.Register(registrydb.IncomeImport(a.Config.Clock))
	a.IdentityStore = identitydb.New(a.DB)
	a.Identity = identity.NewService(a.IdentityStore, a.Audit, a.Config.Clock)
	// Privileged staff must sign in with a second factor, except in a demo installation.
	a.Identity.RequireTOTP = !a.Config.Demo
	a.Identity.ActivationTTL = a.Config.ActivationTTL
	a.ProgramStore = programsdb.New(a.DB, a.Audit, a.Config.Clock)
	a.Programs = programs.NewService(a.ProgramStore, a.Registry, a.Audit, a.Config.Clock)
	a.Payments = payments.NewService(paymentsdb.New(a.DB, a.Audit, a.Config.Clock), a.Audit, a.Config.Clock, a.Config.Payer, a.Config.PayrollBatch, a.Programs)
	a.Payments.AcceptUnsigned = a.Config.Demo
	if a.Calendar, err = workdays.Open(ctx, a.DB); err != nil {
		return err
	}
	a.ServiceStore = servicedeskdb.New(a.DB, a.Audit, a.Config.Clock)
	a.ServiceDesk = servicedesk.NewService(a.ServiceStore, a.Registry, a.Programs, a.Calendar, a.Audit, a.Config.Clock, a.Config.BaseURL)
	a.QueueStore = queuedb.New(a.DB)
	a.Queue = queue.NewService(a.QueueStore, a.ServiceDesk, a.Calendar, a.Config.Clock)
	a.Appeals = appeals.NewService(appealsdb.New(a.DB, a.Audit), a.Registry, a.Calendar, a.Audit, a.Config.Clock)
	a.Clients = identity.NewClients(identitydb.NewClients(a.DB, a.Audit), a.Config.Clock, interop.Fields)
	a.Clients.LoopbackHTTP = a.Config.Demo // demo partners' callbacks run beside dost, over http
	a.Interop = interop.NewService(interopdb.New(a.DB), a.Registry, a.Clients, a.Config.Clock)
	a.Outbox = notify.New(a.DB, a.Config.Sender, a.Config.Clock, a.Config.Log)
	if err := a.openJobs(ctx); err != nil {
		return err
	}
	a.Sessions = sessions(a.DB, a.Config.Demo)
	a.modules = a.compose()
	web.Declare(a.modules)
	return nil
}

// SeedDemo fills an empty database with the demo country, demo staff and programmes, and
// entitlements extra active entitlements for payroll benchmarks. It reports whether it did
// anything. Only a demo seeds: outside demo mode it refuses, whatever the database holds.
func (a *App) SeedDemo(ctx context.Context, persons, entitlements int, progress func(done, total int)) (bool, error) {
	if !a.Config.Demo {
		return false, errors.New("demo data goes only into a demo installation (--demo, DOST_DEMO=1)")
	}
	// EXISTS, not COUNT(*): counting the registry at every start reads every row (PostgreSQL,
	// 1,000,000 persons: 324 ms against 1 ms; ten times that for a country of 10 million)
	used, err := hasData(ctx, a.DB)
	if err != nil || used {
		return false, err
	}
	if err := demo.SeedStaff(ctx, a.IdentityStore, a.Identity); err != nil {
		return false, err
	}
	if err := demo.SeedPrograms(ctx, a.ProgramStore, a.Programs); err != nil {
		return false, err
	}
	if err := demo.SeedServices(ctx, a.ServiceStore, a.ServiceDesk); err != nil {
		return false, err
	}
	_, err = demo.Generate(ctx, a.DB, demo.Options{Persons: persons, Seed: 2026, Today: clock.Today(a.Config.Clock), Progress: progress})
	if err == nil && a.Config.DemoLife {
		err = a.live(ctx, persons)
	}
	if err != nil || entitlements == 0 {
		return true, err
	}
	return true, demo.GenerateEntitlements(ctx, a.DB, entitlements, clock.Today(a.Config.Clock), progress)
}

// live runs the demo's recent weeks (demo.Life) through a second set of the domains'
// services, on the same database, on a clock the seeder moves; it works only its own jobs.
func (a *App) live(ctx context.Context, persons int) error {
	past := &clock.Fixed{T: a.Config.Clock.Now()}
	cfg := a.Config
	cfg.Clock, cfg.JobsQueue, cfg.NoMigrate, cfg.DemoLife = past, jobs.PrivateQueue(), true, false
	sim, err := New(ctx, cfg)
	if err != nil {
		return err
	}
	defer sim.Close()
	life := demo.Life{DB: sim.DB, Clock: past, Desk: sim.ServiceDesk, Queue: sim.Queue, Appeals: sim.Appeals,
		Programs: sim.Programs, Payments: sim.Payments, ActAs: sim.actAs, Dir: cfg.FilesDir, Payer: cfg.Payer.IBAN}
	return life.Live(ctx, clock.Today(a.Config.Clock), min(max(persons/50, 40), 400))
}

// Serve listens on the configured address until ctx is cancelled, then shuts down
// gracefully, letting requests in flight finish.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	srv := &http.Server{Addr: a.Config.Addr, Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	ln, err := listen(a.Config.Addr)
	if err != nil {
		return err
	}
	if a.Config.Checkpoint.Dir == "" {
		a.Config.Log.Warn("audit checkpoints are kept only in the database: set --checkpoint-dir (DOST_CHECKPOINT_DIR) to export them")
	}
	// Background work: the periodic sweeps (sessions, life events, escalation, outbox, idle
	// accounts, audit checkpoints) run as River periodic jobs, once across the nodes.
	// Not ctx itself: cancelling River's context would cancel the running jobs, and a
	// shutdown drains them (Stop below) instead.
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		ln.Close()
		return err
	}
	defer func() {
		if err := a.Jobs.Stop(20 * time.Second); err != nil {
			a.Config.Log.Error("stop jobs", "error", err.Error())
		}
	}()
	if a.Config.MetricsAddr != "" {
		stop, addr, err := serveMetrics(a.Config.MetricsAddr)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop()
		a.MetricsListen = addr
	}
	if a.ServiceDesk.BaseURL == "" {
		a.ServiceDesk.BaseURL = "http://" + BrowserAddr(ln.Addr().String())
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Config.Log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// BrowserAddr turns a listen address into one a browser can open.
func BrowserAddr(listen string) string {
	if strings.HasPrefix(listen, "[::]") || strings.HasPrefix(listen, "0.0.0.0") || strings.HasPrefix(listen, ":") {
		return "localhost" + listen[strings.LastIndex(listen, ":"):]
	}
	return listen
}

// Close releases the database (and River's own SQLite connection).
func (a *App) Close() error {
	if a.Jobs != nil {
		a.Jobs.Close()
	}
	return a.DB.Close()
}

// DemoPayer is the demo ministry account: the State Social Protection Fund's treasury account
// at the Central Bank. Production sets DOST_PAYER_NAME, DOST_PAYER_IBAN and DOST_PAYER_BIC.
var DemoPayer = payments.Payer{Name: "Dövlət Sosial Müdafiə Fondu", IBAN: "AZ21NABZ00000000137010001944", BIC: "NABZAZ2X"}
