package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestPreparationSurvivesSIGKILL kills `dost payroll prepare` with SIGKILL several times at
// different points and starts it again; the cycle it finally prepares has exactly the lines
// of a clean run on the same data: no duplicates, no gaps.
func TestPreparationSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "dost")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			killed, clean := demoDB(t, engine, "killed"), demoDB(t, engine, "clean")
			for _, u := range []string{killed, clean} {
				if out, err := exec.Command(bin, "demo", "--life=false", "--db", u, "--persons", "4000", "--entitlements", "6000").CombinedOutput(); err != nil {
					t.Fatalf("demo: %v\n%s", err, out)
				}
			}
			prepare := func(u string) *exec.Cmd {
				cmd := exec.Command(bin, "payroll", "prepare", "--db", u, "--period", "2026-11", "--program", "TSSA", "--as", "finance")
				cmd.Env = append(os.Environ(), "DOST_PAYROLL_BATCH=150")
				return cmd
			}
			kills := 0
			for _, at := range []int{1, 900, 2500} {
				if killAfter(t, prepare(killed), killed, at) {
					kills++
				}
			}
			if kills == 0 {
				t.Fatal("the preparation finished before it could be killed: nothing was tested")
			}
			// A killed attempt may have finished the cycle in the moment before its kill
			// came: then there is nothing left to resume, and a further prepare is rightly
			// refused ("already prepared"). Resume only what is still preparing.
			for _, u := range []string{killed, clean} {
				if u == killed && cycleStatus(t, killed) == "prepared" {
					continue
				}
				if out, err := prepare(u).CombinedOutput(); err != nil {
					t.Fatalf("prepare: %v\n%s", err, out)
				}
			}
			a, b := lineSet(t, killed), lineSet(t, clean)
			if len(a) != len(b) || len(a) < 5000 {
				t.Fatalf("killed %d times: %d lines, clean run %d", kills, len(a), len(b))
			}
			for k := range b {
				if !a[k] {
					t.Fatalf("killed run lacks %s", k)
				}
			}
		})
	}
}

// demoDB is a new empty database on an engine: a file named name under the test's directory,
// or a PostgreSQL database dropped after the test. The commands then run in demo mode
// (DOST_DEMO=1): the database `dost demo` fills is a demo installation.
func demoDB(t *testing.T, engine, name string) string {
	t.Setenv("DOST_DEMO", "1")
	if engine == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), name+".db")
	}
	return dbtest.PostgresURL(t)
}

// killAfter starts cmd and kills it with SIGKILL once the cycle holds at least n lines. It
// reports whether the kill happened before the command finished on its own.
func killAfter(t *testing.T, cmd *exec.Cmd, url string, n int) bool {
	t.Helper()
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	d := openRaw(t, url)
	defer d.Close()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		case <-time.After(5 * time.Millisecond):
		}
		var lines int
		d.QueryRow(`SELECT COUNT(*) FROM payment_lines`).Scan(&lines)
		if lines >= n {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return true
		}
	}
	t.Fatal("preparation did not progress")
	return false
}

// cycleStatus is the status of the only cycle in the database at url.
func cycleStatus(t *testing.T, url string) string {
	d := openRaw(t, url)
	defer d.Close()
	var status string
	if err := d.QueryRow(`SELECT status FROM payment_cycles`).Scan(&status); err != nil {
		t.Fatal(err)
	}
	return status
}

func openRaw(t *testing.T, url string) *sql.DB {
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return d.DB
}

func lineSet(t *testing.T, url string) map[string]bool {
	d := openRaw(t, url)
	defer d.Close()
	rows, err := d.Query(`SELECT entitlement_id, kind, from_month, to_month, gross, net, status, cycle_id FROM payment_lines ORDER BY cycle_id, entitlement_id, kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id, gross, net int64
		var cycle int64
		var kind, from, to, status string
		rows.Scan(&id, &kind, &from, &to, &gross, &net, &status, &cycle)
		k := fmt.Sprintf("%d %s %s..%s %d %d %s %d", id, kind, from, to, gross, net, status, cycle)
		if out[k] {
			t.Fatalf("duplicate line %s", k)
		}
		out[k] = true
	}
	var status string
	d.QueryRow(`SELECT status FROM payment_cycles`).Scan(&status)
	if !strings.EqualFold(status, "prepared") {
		t.Fatalf("cycle is %q", status)
	}
	return out
}
