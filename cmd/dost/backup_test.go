package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestBackupRestorePassesVerify takes a backup of a populated database (SQLite: VACUUM INTO;
// PostgreSQL: pg_dump and pg_restore into a fresh database), shows the restored copy passes
// `dost audit verify` against the exported checkpoints, and that an older backup restored
// into the live place is found behind the latest checkpoint (docs/security-audit.md).
func TestBackupRestorePassesVerify(t *testing.T) {
	t.Setenv("DOST_DEMO", "1") // the databases are demo ones (dost demo fills them)
	t.Run("sqlite", func(t *testing.T) {
		live, dir := filepath.Join(t.TempDir(), "live.db"), t.TempDir()
		liveURL := "sqlite:" + live
		populate(t, liveURL, dir)
		old := filepath.Join(t.TempDir(), "old.db")
		sqliteBackup(t, liveURL, old)
		checkpointNow(t, liveURL, dir, 4) // the log goes on after the older backup
		backup := filepath.Join(t.TempDir(), "backup.db")
		sqliteBackup(t, liveURL, backup)

		restored := filepath.Join(t.TempDir(), "restored.db")
		copyFile(t, backup, restored)
		wantIntact(t, "sqlite:"+restored, dir)

		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(live + suffix)
		}
		copyFile(t, old, live)
		wantBehind(t, liveURL, dir)
	})
	t.Run("postgres", func(t *testing.T) {
		bin := pgBin(t)
		liveURL, dir := dbtest.PostgresURL(t), t.TempDir()
		populate(t, liveURL, dir)
		old := filepath.Join(t.TempDir(), "old.dump")
		pgCommand(t, bin, "pg_dump", "--format=custom", "--file", old, liveURL)
		checkpointNow(t, liveURL, dir, 4)
		backup := filepath.Join(t.TempDir(), "backup.dump")
		pgCommand(t, bin, "pg_dump", "--format=custom", "--file", backup, liveURL)

		fresh := emptyPostgres(t)
		pgCommand(t, bin, "pg_restore", "--no-owner", "--exit-on-error", "--dbname", fresh, backup)
		wantIntact(t, fresh, dir)

		// the older backup restored in the live place: dropped, created again, restored
		name := databaseName(t, liveURL)
		admin, err := sql.Open("pgx", os.Getenv("DOST_TEST_POSTGRES"))
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		for _, s := range []string{"DROP DATABASE " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
			if _, err := admin.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		pgCommand(t, bin, "pg_restore", "--no-owner", "--exit-on-error", "--dbname", liveURL, old)
		wantBehind(t, liveURL, dir)
	})
}

// populate fills the database with a demo country (staff, persons, programmes and their
// audit rows) and checkpoints the log.
func populate(t *testing.T, dbURL, dir string) {
	t.Helper()
	if err := run(context.Background(), []string{"demo", "--db", dbURL, "--persons", "200"}, &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	checkpointNow(t, dbURL, dir, 3)
}

func wantIntact(t *testing.T, dbURL, dir string) {
	t.Helper()
	if out, err := verify(t, dbURL, dir); err != nil || !strings.Contains(out, "agrees with the latest exported checkpoint 3") {
		t.Fatalf("verify of the restored backup: %v %s", err, out)
	}
}

func wantBehind(t *testing.T, dbURL, dir string) {
	t.Helper()
	_, err := verify(t, dbURL, dir)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "an older backup was restored") {
		t.Fatalf("verify of an older backup in the live place: exit %d, %v", exitCode(err), err)
	}
}

func sqliteBackup(t *testing.T, dbURL, to string) {
	t.Helper()
	a, err := open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.DB.Exec(`VACUUM INTO '` + to + `'`); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// pgBin finds pg_dump and pg_restore of the server's major version.
func pgBin(t *testing.T) string {
	t.Helper()
	if os.Getenv("DOST_TEST_POSTGRES") == "" {
		dbtest.PostgresURL(t) // skips, or fails under CI
	}
	if _, err := os.Stat("/usr/lib/postgresql/15/bin/pg_dump"); err == nil {
		return "/usr/lib/postgresql/15/bin"
	}
	p, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Fatal("pg_dump not found: install postgresql-client")
	}
	return filepath.Dir(p)
}

func pgCommand(t *testing.T, bin, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(filepath.Join(bin, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// emptyPostgres is a new database with no schema, dropped after the test.
func emptyPostgres(t *testing.T) string {
	t.Helper()
	u := dbtest.PostgresURL(t) // migrated: empty it again
	name := databaseName(t, u)
	admin, err := sql.Open("pgx", os.Getenv("DOST_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, s := range []string{"DROP DATABASE " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return u
}
