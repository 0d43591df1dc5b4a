package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
)

func openSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// The statement cache must not change what a query answers when the same statement is used
// again while its rows are still open (a query run inside its own loop, in one transaction),
// nor after the schema changes under a cached statement.
func TestStatementCacheKeepsAnswers(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	if _, err := d.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := d.Exec(`INSERT INTO t (id, x) VALUES ($1, $2)`, i, i*10); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT id, x FROM t WHERE id >= $1 ORDER BY id`
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		outer, err := tx.QueryContext(ctx, q, 1)
		if err != nil {
			return err
		}
		defer outer.Close()
		var pairs []string
		for outer.Next() {
			var id, x int
			if err := outer.Scan(&id, &x); err != nil {
				return err
			}
			// The same text again while outer's rows are open: a one-off statement.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+q+`)`, id).Scan(&n); err != nil {
				return err
			}
			inner, err := tx.QueryContext(ctx, q, id)
			if err != nil {
				return err
			}
			var seen int
			for inner.Next() {
				seen++
			}
			inner.Close()
			pairs = append(pairs, fmt.Sprintf("%d:%d:%d:%d", id, x, n, seen))
		}
		if got, want := fmt.Sprint(pairs), "[1:10:3:3 2:20:2:2 3:30:1:1]"; got != want {
			t.Errorf("nested reads: %s, want %s", got, want)
		}
		return outer.Err()
	})
	if err != nil {
		t.Fatal(err)
	}

	// A cached statement reading * sees a column added after it was compiled.
	var cols []string
	read := func() {
		rows, err := d.Query(`SELECT * FROM t WHERE id = $1`, 1)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ = rows.Columns()
		rows.Close()
	}
	read()
	if _, err := d.Exec(`ALTER TABLE t ADD COLUMN y TEXT`); err != nil {
		t.Fatal(err)
	}
	read()
	if len(cols) != 3 {
		t.Errorf("columns after ALTER TABLE: %v, want 3", cols)
	}

	// More distinct statements than the cache holds: all answer, none is left open (the
	// database closes cleanly, which SQLite refuses with statements unfinalized).
	for i := range 600 {
		var got int
		if err := d.QueryRow(fmt.Sprintf(`SELECT %d + count(*) FROM t`, i)).Scan(&got); err != nil || got != i+3 {
			t.Fatalf("statement %d: %d, %v", i, got, err)
		}
	}
	if err := d.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

// BenchmarkPointRead compares one indexed read through dost's pool (statements cached per
// connection) with the same read through the driver's own pool (compiled every time) on the
// same file: the floor and the ratio in docs/PERFORMANCE.md come from the two sub-benchmarks.
func BenchmarkPointRead(b *testing.B) {
	dir := b.TempDir()
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(dir, "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(`CREATE TABLE persons (id INTEGER PRIMARY KEY, fin TEXT UNIQUE, surname TEXT, name TEXT, born TEXT, district TEXT, phone TEXT)`); err != nil {
		b.Fatal(err)
	}
	err = d.InTx(context.Background(), func(tx *sql.Tx) error {
		for i := range 10000 {
			if _, err := tx.Exec(`INSERT INTO persons (fin, surname, name, born, district, phone) VALUES ($1, 'Məmmədov', 'Əli', '1980-01-01', 'Nəsimi', '+994501234567')`, fmt.Sprintf("%07d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	const q = `SELECT id, surname, name, born, district, phone FROM persons WHERE fin = $1`
	run := func(b *testing.B, pool *sql.DB) {
		var id int
		var s, n, born, dist, ph string
		for i := 0; b.Loop(); i++ {
			if err := pool.QueryRow(q, fmt.Sprintf("%07d", i%10000)).Scan(&id, &s, &n, &born, &dist, &ph); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("cached", func(b *testing.B) { run(b, d.DB) })
	b.Run("compiled-each-time", func(b *testing.B) {
		raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "p.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		run(b, raw)
	})
}
