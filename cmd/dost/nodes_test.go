package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestSeveralNodes runs two `dost serve` processes on one PostgreSQL database. A finance
// officer starts a payroll preparation on node 1; node 1 is killed with SIGKILL in the middle
// of it; node 2 rescues the job (after --job-rescue-after) and finishes it with exactly the
// lines of a clean preparation of the same data. The periodic jobs ran once per leadership
// term across the two nodes — node 1's, then node 2's after node 1 died — never once per node.
//
// PostgreSQL only: several nodes share a PostgreSQL server; SQLite is one process's file.
func TestSeveralNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two servers")
	}
	shared := dbtest.PostgresURL(t) // skips without PostgreSQL (fails under CI)
	t.Setenv("DOST_DEMO", "1")
	bin := filepath.Join(t.TempDir(), "dost")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "demo", "--life=false", "--db", shared, "--persons", "5000", "--entitlements", "7000").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	clean := copyDatabase(t, shared) // the same country, for the clean run to compare with
	ctx := context.Background()
	token := financeToken(t, shared)

	d := openRaw(t, shared)
	defer d.Close()
	node1 := startNode(t, bin, shared)
	// Node 1, alone, is elected leader and enqueues the periodic jobs that run at start.
	waitFor(t, 60*time.Second, "node 1 to lead and enqueue the audit checkpoint", func() bool {
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'audit.checkpoint'`).Scan(&n)
		return n == 1
	})
	req, _ := http.NewRequest(http.MethodPost, node1.base+"/api/v1/payroll/cycles", strings.NewReader(`{"program": "TSSA", "period": "2026-11"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("start the preparation on node 1: %s", resp.Status)
	}

	// Node 1 has taken the job and reported progress: its run record names it.
	waitFor(t, 60*time.Second, "node 1 to report progress on the preparation", func() bool {
		var done int64
		err := d.QueryRow(`SELECT done FROM job_runs WHERE kind = 'payments.prepare' AND state = 'running' AND node = $1`,
			node1.name()).Scan(&done)
		return err == nil && done > 0
	})
	// Hold node 1 in the middle of the preparation, however fast this machine is: its next
	// batch of lines waits for this lock, so the kill below comes before the last batch.
	hold, err := d.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.Exec(`LOCK TABLE payment_lines IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	if status := cycleStatus(t, shared); status != "preparing" {
		t.Fatalf("the preparation finished before node 1 could be stopped (%s): nothing was tested", status)
	}
	node2 := startNode(t, bin, shared)
	node1.kill(t)
	killed := time.Now()
	hold.Rollback() // a statement node 1 left waiting runs now, and its transaction dies with its connection

	defer func() {
		if t.Failed() {
			t.Log(jobState(d))
		}
	}()
	waitFor(t, 90*time.Second, "node 2 to finish the preparation", func() bool {
		var state, node string
		d.QueryRow(`SELECT state, node FROM job_runs WHERE kind = 'payments.prepare'`).Scan(&state, &node)
		return state == "done" && node == node2.name()
	})
	t.Logf("node 2 finished the preparation %s after node 1 was killed", time.Since(killed).Round(time.Second))
	var runs, attempt int
	d.QueryRow(`SELECT COUNT(*), MAX(attempt) FROM job_runs WHERE kind = 'payments.prepare'`).Scan(&runs, &attempt)
	if runs != 1 || attempt < 2 {
		t.Errorf("%d runs, last attempt %d; want one run, rescued (attempt 2 or later)", runs, attempt)
	}

	if out, err := exec.Command(bin, "payroll", "prepare", "--db", clean, "--period", "2026-11", "--program", "TSSA", "--as", "finance").CombinedOutput(); err != nil {
		t.Fatalf("clean prepare: %v\n%s", err, out)
	}
	a, b := lineSet(t, shared), lineSet(t, clean) // lineSet fails on a duplicate line
	if len(a) != len(b) || len(a) < 5000 {
		t.Fatalf("rescued preparation: %d lines, clean run %d", len(a), len(b))
	}
	for k := range b {
		if !a[k] {
			t.Fatalf("the rescued preparation lacks %s", k)
		}
	}

	// The audit checkpoint is a periodic job run at start (and every five minutes): enqueued
	// by the elected leader, node 1's term and then node 2's, not by every node that starts.
	var checkpoints, leaders int
	d.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'audit.checkpoint'`).Scan(&checkpoints)
	d.QueryRow(`SELECT COUNT(*) FROM river_leader`).Scan(&leaders)
	if checkpoints != 2 || leaders != 1 {
		t.Errorf("%d audit checkpoint jobs over two leadership terms, %d leaders; want 2 and 1", checkpoints, leaders)
	}
	node2.stop(t)
}

// node is a `dost serve` process.
type node struct {
	cmd  *exec.Cmd
	out  *syncWriter
	base string
	done chan error
}

// startNode starts `dost serve` in demo mode on the database at u, on a free port, and
// waits until it listens. A job without a sign of life for 3s is taken for one whose node
// died (the default is 2m).
func startNode(t *testing.T, bin, u string) *node {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--demo", "--demo-persons", "0", "--db", u, "--addr", "127.0.0.1:0", "--job-rescue-after", "3s")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DOST_PAYROLL_BATCH=10") // many small batches: a preparation to stop in the middle
	n := &node{cmd: cmd, out: &syncWriter{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = n.out, n.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-n.done
		if t.Failed() {
			t.Logf("node %s:\n%s", n.name(), n.out.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(n.out.String(), "Open http://") {
		select {
		case err := <-n.done:
			n.done <- err
			t.Fatalf("serve stopped: %v\n%s", err, n.out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", n.out.String())
		}
	}
	s := n.out.String()
	n.base = strings.TrimSpace(strings.SplitN(s[strings.Index(s, "Open http://")+len("Open "):], "\n", 2)[0])
	return n
}

// name is how the run record names the node: host and process id.
func (n *node) name() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, n.cmd.Process.Pid)
}

// kill stops the node with SIGKILL: no shutdown, no last word to the database.
func (n *node) kill(t *testing.T) {
	t.Helper()
	n.cmd.Process.Signal(syscall.SIGKILL)
	n.done <- <-n.done
}

// stop asks the node to shut down as an operator would, and checks that it does.
func (n *node) stop(t *testing.T) {
	t.Helper()
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-n.done:
		n.done <- err
		if err != nil {
			t.Errorf("node %s stopped: %v\n%s", n.name(), err, n.out.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("node %s did not stop on SIGTERM", n.name())
	}
}

// waitFor polls cond until it holds, failing the test at the deadline.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// financeToken issues an API token for the demo finance officer, as `finance` would create
// one on their account page.
func financeToken(t *testing.T, u string) string {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: u, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	user, err := a.IdentityStore.UserByLogin(ctx, "finance")
	if err != nil {
		t.Fatal(err)
	}
	token, err := a.Identity.IssueToken(ctx, user.ID, "several nodes", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// copyDatabase makes a copy of the PostgreSQL database at u (which nobody may be connected
// to) and drops it after the test.
func copyDatabase(t *testing.T, u string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	from := strings.TrimPrefix(parsed.Path, "/")
	admin, err := sql.Open("pgx", os.Getenv("DOST_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	to := from + "_copy"
	if _, err := admin.Exec(`CREATE DATABASE ` + to + ` TEMPLATE ` + from); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", os.Getenv("DOST_TEST_POSTGRES")); err == nil {
			a.Exec(`DROP DATABASE IF EXISTS ` + to + ` WITH (FORCE)`)
			a.Close()
		}
	})
	parsed.Path = "/" + to
	return parsed.String()
}

// jobState describes the preparation's River job, its run record and the leader, for a
// failure's message.
func jobState(d *sql.DB) string {
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, state, attempt, COALESCE(attempted_at::text, ''), scheduled_at::text, array_to_string(attempted_by, ',') FROM river_job WHERE kind = 'payments.prepare'`,
		`SELECT job_id, state, node, attempt, done, total, reason FROM job_runs WHERE kind = 'payments.prepare'`,
		`SELECT leader_id, elected_at::text, expires_at::text, now()::text FROM river_leader`,
	} {
		rows, err := d.Query(q)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", q, err)
			continue
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}
