package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/notify/smsgateway"
)

// serveUntilReady starts `dost serve` with args and waits until it listens; it returns what
// it printed, the address to open, and the function that stops it.
func serveUntilReady(t *testing.T, args ...string) (string, string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncWriter
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &out) }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Open http://") {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	s := out.String()
	addr := s[strings.Index(s, "Open http://")+len("Open "):]
	return s, strings.TrimSpace(addr), func() { cancel(); <-done }
}

func sqliteURL(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "dost.db") }

// TestAttackServeOutsideDemoRefusesWhatIsMissing: `dost serve` with no settings used to start
// a demo (FİN sign-in, ten published staff passwords, a demo IBAN debited); now it refuses,
// names every missing setting, and refuses before it touches the database.
func TestAttackServeOutsideDemoRefusesWhatIsMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dost.db")
	err := run(context.Background(), []string{"serve", "--db", "sqlite:" + path, "--addr", "127.0.0.1:0"}, &bytes.Buffer{})
	for _, want := range []string{"DOST_PAYER_IBAN", "DOST_SMS_URL", "DOST_AUDIT_KEY", "--demo"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("serve without settings: %v (want %s named)", err, want)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a refused start created the database")
	}
}

// TestAttackDemoSettingsRefusedOutsideDemo: a shifted clock (real deadlines moved) and demo
// persons are demo settings; FİN sign-in is not offered beside single sign-on.
func TestAttackDemoSettingsRefusedOutsideDemo(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{{"--clock-offset", "720h"}, {"--demo-persons", "10"}} {
		err := run(ctx, append([]string{"serve", "--db", sqliteURL(t)}, args...), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), args[0]) || !strings.Contains(err.Error(), "--demo") {
			t.Errorf("serve %v without --demo: %v", args, err)
		}
	}
	t.Setenv("DOST_OIDC_ISSUER", "https://login.example.az")
	err := run(ctx, []string{"serve", "--demo", "--db", sqliteURL(t)}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "DOST_OIDC_ISSUER") {
		t.Fatalf("serve --demo with single sign-on: %v", err)
	}
}

// TestAttackMigrateMarksTheInstallation: `dost migrate` marks an empty database production,
// and a demo start on it is refused; `migrate --demo` marks a demo one, which does not start
// without --demo.
func TestAttackMigrateMarksTheInstallation(t *testing.T) {
	ctx := context.Background()
	prod, demo := sqliteURL(t), sqliteURL(t)
	if err := run(ctx, []string{"migrate", "--db", prod}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"serve", "--demo", "--db", prod, "--addr", "127.0.0.1:0"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "production installation") {
		t.Fatalf("serve --demo on a production database: %v", err)
	}
	if err := run(ctx, []string{"demo", "--db", prod, "--persons", "10"}, &bytes.Buffer{}); err == nil {
		t.Fatal("demo data went into a production database")
	}
	if err := run(ctx, []string{"migrate", "--demo", "--db", demo}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	productionEnv(t)
	if err := run(ctx, []string{"serve", "--db", demo, "--addr", "127.0.0.1:0"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "demo mode") {
		t.Fatalf("a production start on a demo database: %v", err)
	}
}

// productionEnv sets what a real installation needs, the secrets through _FILE variables, and
// returns the simulated SMS gateway it sends to.
func productionEnv(t *testing.T) *smsgateway.Gateway {
	dir := t.TempDir()
	gw := smsgateway.New("gateway-token")
	srv := &http.Server{Handler: gw}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	os.WriteFile(filepath.Join(dir, "sms"), []byte("gateway-token\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "audit"), []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "checkpoint"), []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{5}, 32))+"\n"), 0o600)
	for k, v := range map[string]string{"DOST_PAYER_NAME": "Treasury", "DOST_PAYER_IBAN": "AZ21NABZ00000000137010001944", "DOST_PAYER_BIC": "NABZAZ2X",
		"DOST_SMS_URL": "http://" + ln.Addr().String() + "/messages", "DOST_SMS_TOKEN_FILE": filepath.Join(dir, "sms"),
		"DOST_AUDIT_KEY_FILE": filepath.Join(dir, "audit"), "DOST_CHECKPOINT_KEY_FILE": filepath.Join(dir, "checkpoint"),
		"DOST_CHECKPOINT_DIR": filepath.Join(dir, "checkpoints")} {
		t.Setenv(k, v)
	}
	return gw
}

// TestProductionStart: with every setting given (secrets from files), serve starts outside
// demo, says nothing of a demo, shows no banner and offers no FİN sign-in.
func TestProductionStart(t *testing.T) {
	productionEnv(t)
	out, addr, stop := serveUntilReady(t, "--db", sqliteURL(t))
	defer stop()
	if strings.Contains(out, "DEMO") || strings.Contains(out, "password") {
		t.Fatalf("a production start printed demo material:\n%s", out)
	}
	resp, err := http.PostForm(addr+"/e-social/login", url.Values{"fin": {"AAAAAAA"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("FİN sign-in answered %d", resp.StatusCode)
	}
}

// TestDemoStartSaysSo: `serve --demo` says at start that it is a demo.
func TestDemoStartSaysSo(t *testing.T) {
	out, _, stop := serveUntilReady(t, "--demo", "--demo-persons", "0", "--db", sqliteURL(t))
	defer stop()
	if !strings.Contains(out, "DEMO MODE") {
		t.Fatalf("a demo start did not say so:\n%s", out)
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s"), []byte("from-file\n"), 0o600)
	t.Setenv("DOST_SMS_TOKEN_FILE", filepath.Join(dir, "s"))
	if v, err := secretEnv("DOST_SMS_TOKEN"); err != nil || v != "from-file" {
		t.Fatalf("secret from a file: %q %v", v, err)
	}
	t.Setenv("DOST_SMS_TOKEN", "in-env")
	if _, err := secretEnv("DOST_SMS_TOKEN"); err == nil {
		t.Fatal("both NAME and NAME_FILE were accepted")
	}
	t.Setenv("DOST_SMS_TOKEN", "")
	t.Setenv("DOST_SMS_TOKEN_FILE", filepath.Join(dir, "missing"))
	if err := run(context.Background(), []string{"version"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "DOST_SMS_TOKEN_FILE") {
		t.Fatalf("an unreadable secret file: %v", err)
	}
}
