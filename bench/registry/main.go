// Command registry measures the registry at national scale on one database: the demo-country
// load rate against the engine's bulk-write floor, and person-search latency (p50, p99) over a
// realistic mix of queries. Results go to standard output as Markdown rows for
// docs/PERFORMANCE.md.
//
//	go run ./bench/registry --db sqlite:/tmp/b/dost.db --persons 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dost-platform/dost/bench/floor"
	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
	"github.com/dost-platform/dost/internal/registry"
)

func main() {
	dbURL := flag.String("db", "", "empty database: sqlite:PATH or postgres://…")
	persons := flag.Int("persons", 1000000, "demo persons to load")
	queries := flag.Int("queries", 2000, "searches to time")
	ents := flag.Int("entitlements", 0, "active TSSA entitlements to add after the timed load, so that bench/payroll --reuse can run on the same database")
	flag.Parse()
	if err := run(context.Background(), *dbURL, *persons, *ents, *queries); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url string, persons, ents, queries int) error {
	a, err := app.New(ctx, app.Config{DB: url, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer a.Close()
	floor, err := bulkFloor(ctx, a.DB, persons)
	if err != nil {
		return err
	}
	bar := progress.New(os.Stderr, "demo load")
	start := time.Now()
	if _, err := a.SeedDemo(ctx, persons, 0, bar.Set); err != nil {
		return err
	}
	load := time.Since(start)
	bar.Done()
	if ents > 0 {
		// not part of the timed load: the registry figure stays comparable with earlier runs
		bar = progress.New(os.Stderr, "entitlements")
		start := time.Now()
		if err := demo.GenerateEntitlements(ctx, a.DB, ents, clock.Today(clock.System{}), bar.Set); err != nil {
			return err
		}
		bar.Done()
		fmt.Printf("| %s | %d active entitlements added (not in the load time) | %s | |\n", a.DB.Dialect, ents, time.Since(start).Round(time.Millisecond))
	}
	if a.DB.Dialect == db.Postgres {
		a.DB.ExecContext(ctx, `ANALYZE`)
	}
	fmt.Printf("| %s | demo load, %d persons | %s | %.0f persons/s | floor: bulk-write %d bare rows %s → ratio %.2f |\n",
		a.DB.Dialect, persons, load.Round(time.Millisecond), float64(persons)/load.Seconds(), persons, floor.Round(time.Millisecond), load.Seconds()/floor.Seconds())
	return searchLatency(ctx, a, queries)
}

// bulkFloor times writing n rows of the persons table's width into a bare table with no
// index: the least any load of n persons can cost on this engine and machine.
func bulkFloor(ctx context.Context, d *db.DB, n int) (time.Duration, error) {
	cols := make([]string, 26)
	row := make([]any, 26)
	for i := range cols {
		cols[i], row[i] = fmt.Sprintf("c%d", i), fmt.Sprintf("value-%02d-xxxxxxxx", i)
	}
	return floor.Measure(ctx, d, cols, row, n)
}

// searchLatency times Service.Search — index lookup, row mapping and the audit write an
// officer's search costs — over a mix of queries built from random registry entries.
func searchLatency(ctx context.Context, a *app.App, n int) error {
	qs, err := sampleQueries(ctx, a.DB, n)
	if err != nil {
		return err
	}
	ctx = authz.With(ctx, &authz.Principal{UserID: 1, Login: "bench"})
	byKind := map[string][]time.Duration{}
	var all []time.Duration
	for _, q := range qs {
		start := time.Now()
		if _, _, err := a.Registry.Search(ctx, q.Query); err != nil {
			return fmt.Errorf("search %q: %w", q.Text, err)
		}
		d := time.Since(start)
		byKind[q.kind] = append(byKind[q.kind], d)
		all = append(all, d)
	}
	kinds := []string{"all"}
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds[1:])
	byKind["all"] = all
	for _, k := range kinds {
		p50, p99 := percentiles(byKind[k])
		fmt.Printf("| %s | search %s (%d queries) | p50 %.2f ms | p99 %.2f ms | |\n", a.DB.Dialect, k, len(byKind[k]), ms(p50), ms(p99))
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("| %s | peak RSS of the benchmark process | %d MiB | | |\n", a.DB.Dialect, ru.Maxrss/1024)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)*50/100], s[min(len(s)-1, len(s)*99/100)]
}

type benchQuery struct {
	registry.Query
	kind string
}

// sampleQueries draws random persons and turns each into the kind of search an officer
// types: a FİN, a surname and name in English or Russian style, a bare surname, or a name
// narrowed by birth year or district.
func sampleQueries(ctx context.Context, d *db.DB, n int) ([]benchQuery, error) {
	var maxID int64
	d.QueryRowContext(ctx, `SELECT MAX(id) FROM persons`).Scan(&maxID)
	rnd := rand.New(rand.NewPCG(7, 7))
	var out []benchQuery
	for len(out) < n {
		var fin, last, first string
		var birth time.Time
		var district int64
		err := d.QueryRowContext(ctx, `SELECT fin, last_name, first_name, birth_date, COALESCE(reg_district_id, 0) FROM persons WHERE id = $1`,
			1+rnd.Int64N(maxID)).Scan(&fin, &last, &first, &birth, &district)
		if err != nil {
			return nil, err
		}
		switch r := rnd.IntN(100); {
		case r < 20:
			out = append(out, benchQuery{registry.Query{Text: fin}, "by FİN"})
		case r < 45:
			out = append(out, benchQuery{registry.Query{Text: english(last) + " " + english(first)}, "surname + name, English style"})
		case r < 65:
			out = append(out, benchQuery{registry.Query{Text: russian(last) + " " + russian(first)}, "surname + name, Russian style"})
		case r < 80:
			out = append(out, benchQuery{registry.Query{Text: english(last)}, "surname only"})
		case r < 90:
			out = append(out, benchQuery{registry.Query{Text: last + " " + first, BirthYear: birth.Year()}, "name + birth year"})
		default:
			out = append(out, benchQuery{registry.Query{Text: english(last), DistrictID: district}, "surname + district"})
		}
	}
	return out, nil
}

var englishStyle = strings.NewReplacer("ə", "a", "Ə", "A", "ı", "i", "İ", "I", "ş", "sh", "Ş", "Sh", "ç", "ch",
	"Ç", "Ch", "ğ", "gh", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U", "x", "kh", "X", "Kh", "q", "g", "Q", "G", "c", "j", "C", "J")

var russianStyle = strings.NewReplacer("ə", "e", "Ə", "E", "ı", "y", "İ", "I", "ş", "sh", "Ş", "Sh", "ç", "ch",
	"Ç", "Ch", "ğ", "g", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U", "x", "kh", "X", "Kh", "q", "g", "Q", "G",
	"c", "dzh", "C", "Dzh", "h", "g", "H", "G", "mm", "m")

func english(s string) string { return englishStyle.Replace(s) }
func russian(s string) string { return russianStyle.Replace(s) }
