package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/audit/audittest"
	"github.com/dost-platform/dost/internal/platform/db"
)

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		var out bytes.Buffer
		err := run(context.Background(), []string{c.name, "--help"}, &out)
		if err != nil && !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: %v", c.name, err)
		}
		if !strings.Contains(out.String(), "Usage") {
			t.Errorf("%s --help printed %q", c.name, out.String())
		}
	}
}

// current reports whether a migrate status says the schema is at the latest version.
func current(status string) bool {
	m := regexp.MustCompile(`schema version (\d+) of (\d+)\b`).FindStringSubmatch(status)
	return m != nil && m[1] == m[2] && m[1] != "0"
}

// TestDemoUserAndAuditVerify runs the commands a newcomer and an auditor use, on both engines:
// demo load, user add, user list, migrate --status, then audit verify before and after a
// row of the log is edited behind dost's back.
func TestDemoUserAndAuditVerify(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "dost")
			ctx := context.Background()
			var out bytes.Buffer
			if err := run(ctx, []string{"demo", "--db", url, "--persons", "300"}, &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "finance2") {
				t.Fatalf("demo did not print the demo logins: %s", out.String())
			}
			if err := run(ctx, []string{"demo", "--db", url, "--persons", "10"}, &out); err == nil {
				t.Fatal("a second demo load was accepted")
			}
			out.Reset()
			if err := run(ctx, []string{"demo", "--db", url, "--credentials"}, &out); err != nil || !strings.Contains(out.String(), "finance2") || !strings.Contains(out.String(), "e-social") {
				t.Fatalf("demo --credentials: %v %s", err, out.String())
			}
			out.Reset()
			if err := run(ctx, []string{"user", "add", "--db", url, "--login", "nigar", "--name", "Nigar Əliyeva", "--role", "back_office", "--institution", "SSPF", "--phone", "+994501234567"}, &out); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			run(ctx, []string{"user", "list", "--db", url}, &out)
			if !strings.Contains(out.String(), "nigar") || !strings.Contains(out.String(), "auditor") {
				t.Fatalf("user list: %s", out.String())
			}
			out.Reset()
			if err := run(ctx, []string{"migrate", "--db", url, "--status"}, &out); err != nil || !current(out.String()) {
				t.Fatalf("migrate --status: %v %s", err, out.String())
			}
			appendAudit(t, url)
			out.Reset()
			if err := run(ctx, []string{"audit", "verify", "--db", url}, &out); err != nil || !strings.Contains(out.String(), "intact") {
				t.Fatalf("verify intact log: %v %s", err, out.String())
			}
			tamper(t, url, `UPDATE audit_log SET detail = 'nothing to see' WHERE id = 2`)
			err := run(ctx, []string{"audit", "verify", "--db", url}, &out)
			if exitCode(err) != 2 || !strings.Contains(err.Error(), "row 2") {
				t.Fatalf("verify tampered log: exit %d, %v", exitCode(err), err)
			}
		})
	}
}

func appendAudit(t *testing.T, url string) {
	a, err := open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for i := 0; i < 3; i++ {
		a.Audit.Record(context.Background(), auditEntry())
	}
}

func tamper(t *testing.T, url, query string) {
	a, err := open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	audittest.Tamper(t, a.DB, query) // past the append-only triggers, as the database's owner could
}

func auditEntry() audit.Entry {
	return audit.Entry{ActorLogin: "test", Action: audit.Read, Purpose: "test", Entity: "person", EntityID: "AAAAAAA"}
}

// TestServeShutsDownGracefully starts the server and stops it the way SIGTERM does, by
// cancelling its context: serve must return without error.
func TestServeShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	url := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
	done := make(chan error, 1)
	var out syncWriter
	go func() {
		done <- run(ctx, []string{"serve", "--db", url, "--addr", "127.0.0.1:0", "--demo", "--demo-persons", "0"}, &out)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Open http://") {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestCommandsNeverCreateADatabase: a command that reads or changes an installation, given a
// path where there is none or a database that is not dost's, fails with a clear message and
// leaves nothing behind — it does not create an empty database and report on it.
func TestCommandsNeverCreateADatabase(t *testing.T) {
	t.Setenv("DOST_DEMO", "1") // the demo keys: the database is what is refused
	missing := filepath.Join(t.TempDir(), "typo", "dost.db")
	for _, args := range [][]string{
		{"user", "list", "--db", "sqlite:" + missing},
		{"audit", "verify", "--db", "sqlite:" + missing},
		{"payroll", "prepare", "--db", "sqlite:" + missing, "--program", "TSSA", "--period", "2026-11", "--as", "finance"},
	} {
		err := run(context.Background(), args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "no database at "+missing) {
			t.Errorf("%s: %v", strings.Join(args[:2], " "), err)
		}
		if _, statErr := os.Stat(filepath.Dir(missing)); !os.IsNotExist(statErr) {
			t.Fatalf("%s created %s", strings.Join(args[:2], " "), filepath.Dir(missing))
		}
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "empty")
			if engine == "sqlite" { // a file that is there but holds no installation
				d, err := db.Open(context.Background(), url)
				if err != nil {
					t.Fatal(err)
				}
				d.Close()
			}
			err := run(context.Background(), []string{"user", "list", "--db", url}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "is not a dost installation") {
				t.Fatalf("user list on an empty database: %v", err)
			}
		})
	}
}
