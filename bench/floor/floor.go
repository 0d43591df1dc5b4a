// Package floor measures the least a batch job can cost on an engine: bulk-writing the same
// number of rows, of the same width, into a bare table with the same bulk path dost uses.
// Benchmarks report their times as ratios to it.
package floor

import (
	"context"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Measure times writing n copies of row (one value per column) into a fresh table with no
// index, and drops the table after.
func Measure(ctx context.Context, d *db.DB, cols []string, row []any, n int) (time.Duration, error) {
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = c + " TEXT"
	}
	// a run killed before its deferred DROP leaves the table behind
	if _, err := d.ExecContext(ctx, `DROP TABLE IF EXISTS bench_floor`); err != nil {
		return 0, err
	}
	if _, err := d.ExecContext(ctx, `CREATE TABLE bench_floor (`+strings.Join(defs, ", ")+`)`); err != nil {
		return 0, err
	}
	defer d.ExecContext(ctx, `DROP TABLE bench_floor`)
	start := time.Now()
	_, err := d.BulkInsert(ctx, "bench_floor", cols, &repeat{row: row, n: n})
	return time.Since(start), err
}

type repeat struct {
	row []any
	n   int
}

func (r *repeat) Next() ([]any, bool) { r.n--; return r.row, r.n >= 0 }
func (r *repeat) Err() error          { return nil }
