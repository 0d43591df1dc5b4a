package db_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
)

// TestSQLitePathWithURICharacters: a database path holding '#' or '?' opens that very file,
// not the one the URI would name if they were read as a fragment or a query.
func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a#01.db", "b?x=1.db", "c%41.db"} {
		path := filepath.Join(dir, name)
		d, err := db.Open(context.Background(), "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
			t.Fatal(err)
		}
		d.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 3*3 {
		t.Errorf("files other than the three databases (and their WAL files): %d", len(entries))
	}
}
