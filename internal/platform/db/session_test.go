package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestPostgresSessionDefaults checks that dost's PostgreSQL sessions run without parallel
// query and JIT, and that a URL setting either itself keeps its own value.
func TestPostgresSessionDefaults(t *testing.T) {
	url := dbtest.PostgresURL(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	ctx := context.Background()
	for _, c := range []struct{ url, workers, jit string }{
		{url, "0", "off"},
		{url + sep + "jit=on&max_parallel_workers_per_gather=2", "2", "on"},
	} {
		d, err := db.Open(ctx, c.url)
		if err != nil {
			t.Fatal(err)
		}
		var workers, jit string
		if err := d.QueryRowContext(ctx, `SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit')`).Scan(&workers, &jit); err != nil {
			t.Fatal(err)
		}
		d.Close()
		if workers != c.workers || jit != c.jit {
			t.Errorf("%s: workers %s, jit %s; want %s, %s", db.Redact(c.url), workers, jit, c.workers, c.jit)
		}
	}
}
