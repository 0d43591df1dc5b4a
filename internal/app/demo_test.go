package app_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/banktest"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// eachURL runs fn with a fresh, empty database of each engine.
func eachURL(t *testing.T, fn func(t *testing.T, dbURL string)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dbURL := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
			if engine == "postgres" {
				dbURL = dbtest.PostgresURL(t)
			}
			fn(t, dbURL)
		})
	}
}

// start opens the system with cfg and serves it; it fails the test if the start is refused.
func start(t *testing.T, cfg app.Config) (*app.App, *httptest.Server) {
	t.Helper()
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return a, srv
}

func demoConfig(url string) app.Config {
	return app.Config{DB: url, Demo: true, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
}

// TestAttackFINSignInOnlyInDemo: outside demo, typing a citizen's FİN — printed on every ID
// card — opens no cabinet: the route does not exist, no session is made, and asking for FİN
// sign-in without --demo refuses to start. Before, it was on by default.
func TestAttackFINSignInOnlyInDemo(t *testing.T) {
	eachURL(t, func(t *testing.T, dbURL string) {
		seededProduction(t, dbURL, 50)
		cfg := production(t, dbURL)
		cfg.CitizenLogin = identity.CitizenLogin{Demo: true}
		if _, err := app.New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "FİN") {
			t.Fatalf("FİN sign-in asked for outside demo: %v", err)
		}
		a, srv := start(t, production(t, dbURL))
		for _, r := range a.Routes {
			if r.Method == http.MethodPost && r.Path == "/e-social/login" {
				t.Fatal("the FİN sign-in route is registered outside demo")
			}
		}
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.PostForm(srv.URL+"/e-social/login", url.Values{"fin": {fin}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 || len(resp.Cookies()) > 0 {
			t.Fatalf("FİN sign-in outside demo answered %d with cookies %v", resp.StatusCode, resp.Cookies())
		}
	})
}

// TestAttackDemoWithSingleSignOnRefused: a real portal (single sign-on configured) cannot be
// started in demo mode, where anyone could sign in as anyone by FİN.
func TestAttackDemoWithSingleSignOnRefused(t *testing.T) {
	cfg := demoConfig("sqlite:" + filepath.Join(t.TempDir(), "dost.db"))
	cfg.CitizenLogin.OIDC = &identity.OIDC{Issuer: "https://login.example.az"}
	if _, err := app.New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "DOST_OIDC_ISSUER") {
		t.Fatalf("demo with single sign-on: %v", err)
	}
}

// TestAttackInstallationModeMismatch: the mode is the database's. A demo database does not
// start as production (its published passwords would go live); --demo on a production
// database, or on one that held data before databases were marked, is refused (FİN sign-in
// would open real cabinets). Production on a fresh database seeds nothing.
func TestAttackInstallationModeMismatch(t *testing.T) {
	ctx := context.Background()
	eachURL(t, func(t *testing.T, dbURL string) {
		a, _ := start(t, demoConfig(dbURL))
		if _, err := a.SeedDemo(ctx, 30, 0, nil); err != nil {
			t.Fatal(err)
		}
		a.Close()
		if _, err := app.New(ctx, production(t, dbURL)); !errors.Is(err, app.ErrModeMismatch) || !strings.Contains(err.Error(), "--demo") {
			t.Fatalf("production start on a demo database: %v", err)
		}
		// a database from before the mark, with persons in it, is production
		d, err := app.New(ctx, demoConfig(dbURL))
		if err != nil {
			t.Fatal(err)
		}
		d.DB.Exec(`DELETE FROM installation`)
		d.Close()
		if _, err := app.New(ctx, demoConfig(dbURL)); !errors.Is(err, app.ErrModeMismatch) {
			t.Fatalf("demo start on an unmarked database with data: %v", err)
		}
		p, _ := start(t, production(t, dbURL)) // and it is now marked production
		if mode, _ := app.Mode(ctx, p.DB); mode != app.ModeProduction {
			t.Fatalf("the unmarked database was marked %q", mode)
		}
	})
	eachURL(t, func(t *testing.T, dbURL string) {
		a, _ := start(t, production(t, dbURL))
		if seeded, err := a.SeedDemo(ctx, 30, 0, nil); err == nil || seeded {
			t.Fatalf("demo data seeded outside demo: %v %v", seeded, err)
		}
		var used bool
		a.DB.QueryRow(`SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM persons)`).Scan(&used)
		if used {
			t.Fatal("a production start put staff or persons into the database")
		}
		a.Close()
		if _, err := app.New(ctx, demoConfig(dbURL)); !errors.Is(err, app.ErrModeMismatch) || !strings.Contains(err.Error(), "production") {
			t.Fatalf("demo start on a production database: %v", err)
		}
	})
}

// TestAttackProductionNeedsItsSettings: outside demo a missing paying account (before, bank
// files then debited a demo IBAN), SMS gateway (messages were only logged) or audit key
// refuses the start and names what to set; so do the demo's logging sender and shifted clock.
func TestAttackProductionNeedsItsSettings(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
	for _, c := range []struct {
		name, want string
		spoil      func(*app.Config)
	}{
		{"payer", "DOST_PAYER_IBAN", func(c *app.Config) { c.Payer = payments.Payer{} }},
		{"sms", "DOST_SMS_URL", func(c *app.Config) { c.Sender = nil }},
		{"log sender", "demo only", func(c *app.Config) { c.Sender = notify.LogSender{Log: c.Log} }},
		{"audit key", "DOST_AUDIT_KEY", func(c *app.Config) { c.AuditKey = nil }},
		{"short audit key", "DOST_AUDIT_KEY", func(c *app.Config) { c.AuditKey = []byte("0123456789") }},
		{"checkpoint key", "DOST_CHECKPOINT_KEY", func(c *app.Config) { c.Checkpoint.Key = nil }}, // the published demo key would sign them
		{"checkpoint dir", "--checkpoint-dir", func(c *app.Config) { c.Checkpoint.Dir = "" }},
		{"clock offset", "--clock-offset", func(c *app.Config) { c.Clock = clock.Shifted{By: 720 * time.Hour} }},
	} {
		cfg := production(t, dbURL)
		c.spoil(&cfg)
		if _, err := app.New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s missing: %v", c.name, err)
		}
	}
	cfg := demoConfig(dbURL)
	cfg.Clock = clock.Shifted{By: 720 * time.Hour}
	if _, err := app.New(context.Background(), cfg); err != nil {
		t.Fatalf("a demo with a shifted clock: %v", err)
	}
}

// TestAttackDemoBanner: every page of a demo, staff and citizen side, says it is a demo, in
// the reader's language; production pages do not.
func TestAttackDemoBanner(t *testing.T) {
	_, demoSrv := start(t, demoConfig("sqlite:"+filepath.Join(t.TempDir(), "demo.db")))
	_, prodSrv := start(t, production(t, "sqlite:"+filepath.Join(t.TempDir(), "prod.db")))
	page := func(base, path, lang string) string {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: lang}) // the language the visitor chose
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b)
	}
	for _, path := range []string{"/login", "/e-social/login", "/services"} {
		if got := page(demoSrv.URL, path, "en"); !strings.Contains(got, `id="demo-banner"`) || !strings.Contains(got, "made-up data") {
			t.Errorf("demo page %s has no banner", path)
		}
		if got := page(prodSrv.URL, path, "en"); strings.Contains(got, "demo-banner") {
			t.Errorf("production page %s shows the demo banner", path)
		}
	}
	if got := page(demoSrv.URL, "/login", "ru"); !strings.Contains(got, "ДЕМО") {
		t.Error("the banner is not translated")
	}
}

// TestAttackUnsignedStatement: a statement imported through the API or the page is refused
// unless signed when banks' keys are configured, and refused outright outside demo when none
// are: before, with no keys, anyone who could upload marked payments paid.
func TestAttackUnsignedStatement(t *testing.T) {
	eachURL(t, func(t *testing.T, dbURL string) {
		seededProduction(t, dbURL, 50)
		stmt := banktest.Camt054("STMT-X", app.DemoPayer.IBAN, nil)
		pub, _, _ := ed25519.GenerateKey(nil)
		keyed := production(t, dbURL)
		keyed.BankKeys = payments.Keys{pub}
		for _, c := range []struct {
			cfg  app.Config
			want string
		}{{production(t, dbURL), "DOST_BANK_KEYS"}, {keyed, "signature"}} {
			a, srv := start(t, c.cfg)
			a.Identity.RequireTOTP = false // the second factor has its own tests (signin_test.go); here the statement is the point
			fin := login(t, srv, a, "finance")
			resp, body := fin.api(t, http.MethodPost, "/api/v1/payroll/statements", stmt, "Content-Type", "application/xml")
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(toJSON(body), c.want) {
				t.Fatalf("unsigned statement through the API: %d %v", resp.StatusCode, body)
			}
			tssa, _ := a.ProgramStore.ProgramByCode(context.Background(), "TSSA")
			cycle, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
			if err != nil && cycle.ID == 0 { // prepared by the first round already
				a.DB.QueryRow(`SELECT id FROM payment_cycles ORDER BY id LIMIT 1`).Scan(&cycle.ID)
			}
			var form bytes.Buffer
			mw := multipart.NewWriter(&form)
			mw.WriteField("back", strconv.FormatInt(cycle.ID, 10))
			fw, _ := mw.CreateFormFile("statement", "stmt.xml")
			fw.Write([]byte(stmt))
			mw.Close()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/payroll/statements", &form)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			page, err := fin.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(page.Body)
			page.Body.Close()
			if page.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), c.want) {
				t.Fatalf("unsigned statement through the page: %d %s %.300s", page.StatusCode, page.Header.Get("Location"), b)
			}
			a.Close()
		}
	})
}

// TestMetricsApart: with --metrics-addr, /metrics is served on its own listener and not on
// the public one.
func TestMetricsApart(t *testing.T) {
	cfg := demoConfig("sqlite:" + filepath.Join(t.TempDir(), "dost.db"))
	cfg.Addr, cfg.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0"
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr string) { ready <- addr }) }()
	public := <-ready
	defer func() { cancel(); <-done }()
	get := func(u string) int {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get("http://" + public + "/metrics"); s != http.StatusNotFound {
		t.Errorf("public /metrics answered %d", s)
	}
	if s := get("http://" + a.MetricsListen + "/metrics"); s != http.StatusOK {
		t.Errorf("/metrics on its own address answered %d", s)
	}
}

// TestDemoInbox: a demo sends its messages to the simulated gateway, whose inbox an
// administrator reads at /demo/messages (an activation code "sent to a phone"); the page
// does not exist outside demo.
func TestDemoInbox(t *testing.T) {
	a, srv := start(t, demoConfig("sqlite:"+filepath.Join(t.TempDir(), "dost.db")))
	ctx := context.Background()
	if _, err := a.SeedDemo(ctx, 20, 0, nil); err != nil {
		t.Fatal(err)
	}
	err := a.DB.InTx(ctx, func(tx *sql.Tx) error {
		return notify.Enqueue(ctx, tx, time.Now(), notify.Message{DedupKey: "demo-code", Channel: notify.SMS, Address: "+994501112233", Lang: "en", Body: "Your activation code: 918273"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.Outbox.DispatchDue(ctx); n != 1 || err != nil {
		t.Fatalf("dispatched %d: %v", n, err)
	}
	resp, err := login(t, srv, a, "admin").Get(srv.URL + "/demo/messages")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "918273") {
		t.Fatalf("demo inbox: %d", resp.StatusCode)
	}
	p, _ := start(t, production(t, "sqlite:"+filepath.Join(t.TempDir(), "prod.db")))
	for _, r := range p.Routes {
		if strings.HasPrefix(r.Path, "/demo/") {
			t.Fatalf("%s is registered outside demo", r.Path)
		}
	}
}
