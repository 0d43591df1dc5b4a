// Package dbtest gives store tests a real, freshly migrated database on each engine.
// PostgreSQL comes from DOST_TEST_POSTGRES (make test starts a throwaway cluster and sets it);
// without it the PostgreSQL half is skipped, except under CI=true, where it fails.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Each runs fn as two subtests, "sqlite" and "postgres", each on its own new database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachAt runs fn as Each does, on databases migrated only up to version: for a test of a
// later migration, which writes rows as the older schema held them and then migrates up.
func EachAt(t *testing.T, version int64, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, sqliteAt(t, version)) })
	t.Run("postgres", func(t *testing.T) { fn(t, postgresAt(t, version)) })
}

// SQLite returns a migrated database in a file under t.TempDir().
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return sqliteAt(t, newest)
}

// newest asks open for every migration.
const newest = -1

func sqliteAt(t testing.TB, version int64) *db.DB {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "dost.db"), version)
}

// Postgres returns a migrated database created for this test and dropped after it.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return postgresAt(t, newest)
}

func postgresAt(t testing.TB, version int64) *db.DB {
	t.Helper()
	base := os.Getenv("DOST_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DOST_TEST_POSTGRES is not set: run the suite with `make test`, which starts PostgreSQL")
		}
		t.Skip("DOST_TEST_POSTGRES not set; run `make test` to include PostgreSQL")
	}
	name := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	return open(t, withDatabase(t, base, name), version)
}

// URL returns the DOST_TEST_POSTGRES URL pointed at a new empty database that is dropped
// after the test; callers that run migrations themselves (the CLI tests) use it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	d := Postgres(t)
	var name string
	if err := d.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return withDatabase(t, os.Getenv("DOST_TEST_POSTGRES"), name)
}

func withDatabase(t testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// open opens url and migrates it up to version, or to the newest.
func open(t testing.TB, url string, version int64) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if version == newest {
		err = d.Migrate(ctx)
	} else {
		err = d.MigrateTo(ctx, version)
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
