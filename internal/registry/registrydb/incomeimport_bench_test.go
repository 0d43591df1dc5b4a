package registrydb_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/importer"
)

// BenchmarkImportIncome imports a CSV of 100,000 income lines (25,000 demo persons × 4
// months, source tax: all new records) through the importer — upload into chunks, then the
// job's work: each line checked (FİN looked up, month, amount, source) and stored with its
// idempotency check, in batches of 1,000 with an audit entry each. The floor, measured in the
// same run, is the bulk write of the same 100,000 rows into person_incomes (COPY on
// PostgreSQL, a multi-row INSERT on SQLite). docs/PERFORMANCE.md has the figures:
//
//	go test -run XXX -bench ImportIncome/sqlite -benchtime 1x -count 3 ./internal/registry/registrydb/
//	scripts/with-postgres go test -run XXX -bench ImportIncome/postgres -benchtime 1x -count 3 ./internal/registry/registrydb/
func BenchmarkImportIncome(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchImport(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchImport(b, dbtest.Postgres(b)) })
}

const benchPersons, benchMonths = 25000, 4

func benchImport(b *testing.B, d *db.DB) {
	ctx := context.Background()
	today := clock.NewDate(2026, 11, 22)
	if _, err := demo.Generate(ctx, d, demo.Options{Persons: benchPersons, Seed: 1, Today: today}); err != nil {
		b.Fatal(err)
	}
	ids, fins := personsOf(b, d)
	file := filepath.Join(b.TempDir(), "income.csv")
	f, _ := os.Create(file)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "fin,month,amount,source")
	var floor [][]any
	for i, fin := range fins {
		for m := 1; m <= benchMonths; m++ {
			fmt.Fprintf(w, "%s,2026-%02d,%d.%02d,tax\n", fin, m, 300+i%500, i%100)
			floor = append(floor, []any{ids[i], clock.NewDate(2026, time.Month(m), 1), int64((300+i%500)*100 + i%100), "employer"})
		}
	}
	w.Flush()
	f.Close()
	lines := len(floor)

	start := time.Now()
	if _, err := d.BulkInsert(ctx, "person_incomes", []string{"person_id", "month", "amount", "source"}, &db.SliceRows{Data: floor}); err != nil {
		b.Fatal(err)
	}
	floorTime := time.Since(start)
	floor = nil

	imp := importerFor(b, d)
	imp.Batch = 0 // the default
	runtime.GC()
	peak := watchHeap()
	b.ResetTimer()
	start = time.Now()
	in, _ := os.Open(file)
	up, err := imp.Upload(officer, "registry.income", "income.csv", importer.GoodLines, in)
	in.Close()
	if err == nil {
		err = imp.Run(officer, up.ID, nil)
	}
	took := time.Since(start)
	b.StopTimer()
	heap := peak()
	if err != nil {
		b.Fatal(err)
	}
	got, _ := imp.Get(ctx, up.ID)
	if got.State != importer.Done || got.Added != int64(lines) {
		b.Fatalf("import %+v", got)
	}
	b.ReportMetric(took.Seconds(), "import-s")
	b.ReportMetric(float64(lines)/took.Seconds(), "lines/s")
	b.ReportMetric(floorTime.Seconds(), "floor-s")
	b.ReportMetric(took.Seconds()/floorTime.Seconds(), "ratio")
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
}

func personsOf(b *testing.B, d *db.DB) ([]int64, []string) {
	rows, err := d.Query(`SELECT id, fin FROM persons ORDER BY id LIMIT $1`, benchPersons)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	var fins []string
	for rows.Next() {
		var id int64
		var fin string
		rows.Scan(&id, &fin)
		ids, fins = append(ids, id), append(fins, fin)
	}
	return ids, fins
}

// watchHeap samples the heap in use every 50 ms until the returned function is called, which
// answers the highest sample.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return peak.Load() }
}
