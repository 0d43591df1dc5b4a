package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/audit/audittest"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// checkpointNow appends n audit rows and signs the head into a checkpoint exported to dir,
// as the serving nodes' periodic writer does.
func checkpointNow(t *testing.T, dbURL, dir string, n int) {
	t.Helper()
	cfg := app.Config{DB: dbURL, Demo: true, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))} // the databases here are demo ones
	cfg.Checkpoint.Dir = dir
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for i := 0; i < n; i++ {
		if err := a.Audit.Record(context.Background(), auditEntry()); err != nil {
			t.Fatal(err)
		}
	}
	if wrote, err := a.Audit.Checkpoint(context.Background(), 0); err != nil || !wrote {
		t.Fatalf("checkpoint: %v %v", wrote, err)
	}
}

// verify runs `dost audit verify` against the checkpoint directory.
func verify(t *testing.T, dbURL, dir string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), []string{"audit", "verify", "--db", dbURL, "--checkpoint-dir", dir}, &out)
	return out.String(), err
}

// TestAttackTruncateTailCLI cuts the log's tail, its checkpoints and the head behind dost's
// back; `dost audit verify` with the checkpoint directory exits 2 and says so.
func TestAttackTruncateTailCLI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dbURL, dir := demoDB(t, engine, "dost"), t.TempDir()
			checkpointNow(t, dbURL, dir, 6)
			if out, err := verify(t, dbURL, dir); err != nil || !strings.Contains(out, "agrees with the latest exported checkpoint 1 (row 6") {
				t.Fatalf("intact log: %v %s", err, out)
			}
			a, err := open(context.Background(), dbURL)
			if err != nil {
				t.Fatal(err)
			}
			rows := audittest.Rows(t, a.DB)
			audittest.Rewrite(t, a.DB, rows[:3], true)
			a.Close()
			_, err = verify(t, dbURL, dir)
			if exitCode(err) != 2 || !strings.Contains(err.Error(), "the log ends at row 3, before the latest exported checkpoint") {
				t.Fatalf("truncated log: exit %d, %v", exitCode(err), err)
			}
		})
	}
}

// TestAttackAppRoleCannotRewriteAudit migrates as the owner granting a non-superuser app role,
// runs dost as that role (--no-migrate), and shows the role works but cannot update, delete
// or truncate audit rows or checkpoints, nor move the chain head back.
func TestAttackAppRoleCannotRewriteAudit(t *testing.T) {
	t.Setenv("DOST_DEMO", "1") // a demo installation (migrate --demo below), verified with the demo key
	ownerURL := dbtest.PostgresURL(t)
	role := "dost_app_" + strings.ReplaceAll(strings.TrimPrefix(databaseName(t, ownerURL), "t_"), "-", "")
	owner, err := sql.Open("pgx", ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if _, err := owner.Exec(`CREATE ROLE ` + role + ` LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if o, err := sql.Open("pgx", ownerURL); err == nil {
			o.Exec(`DROP OWNED BY ` + role)
			o.Close()
		}
		if a, err := sql.Open("pgx", os.Getenv("DOST_TEST_POSTGRES")); err == nil {
			a.Exec(`DROP ROLE IF EXISTS ` + role)
			a.Close()
		}
	})
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", ownerURL, "--demo", "--app-role", role, "--checkpoint-dir", dir}, &out); err != nil {
		t.Fatalf("migrate --app-role: %v", err)
	}
	appURL := asUser(t, ownerURL, role)

	// the app works as the app role: demo country, audited reads, a checkpoint (a demo
	// installation, to have a country to seed: the grants and triggers are the same in both modes)
	cfg := app.Config{DB: appURL, Demo: true, NoMigrate: true, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	cfg.Checkpoint.Dir = dir
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("app as the app role: %v", err)
	}
	defer a.Close()
	if _, err := a.SeedDemo(context.Background(), 50, 0, nil); err != nil {
		t.Fatalf("seed as the app role: %v", err)
	}
	if err := a.Audit.Record(context.Background(), auditEntry()); err != nil {
		t.Fatal(err)
	}
	if wrote, err := a.Audit.Checkpoint(context.Background(), 0); err != nil || !wrote {
		t.Fatalf("checkpoint as the app role: %v %v", wrote, err)
	}
	for _, s := range []string{
		`UPDATE audit_log SET detail = 'nothing to see' WHERE id = 1`,
		`DELETE FROM audit_log WHERE id = 1`,
		`TRUNCATE audit_log`,
		`UPDATE audit_checkpoints SET last_id = 1`,
		`DELETE FROM audit_checkpoints`,
		`DELETE FROM audit_head`,
		`UPDATE audit_head SET last_id = 1, last_hash = ''`,
		`ALTER TABLE audit_log DISABLE TRIGGER USER`,
		`SET session_replication_role = replica`,
	} {
		_, err := a.DB.Exec(s)
		if err == nil || !(strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "must be owner") ||
			strings.Contains(err.Error(), "only moves forward")) {
			t.Errorf("as the app role, %s: %v; want it refused", s, err)
		}
	}
	if out, err := verify(t, appURL, dir); err != nil || !strings.Contains(out, "agrees with the latest exported checkpoint") {
		t.Fatalf("verify as the app role: %v %s", err, out)
	}
}

func databaseName(t *testing.T, dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

func asUser(t *testing.T, dbURL, user string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(user)
	return u.String()
}
