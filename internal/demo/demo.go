// Package demo generates a demo country — persons in households spread over Azerbaijan's
// regions, with names, FİN codes, addresses, phones, bank accounts, disability and categories
// — at any size, fast enough that benchmarks can load a million persons in minutes.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/registry/places"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// Options control the size and randomness of a demo country.
type Options struct {
	Persons  int
	Seed     uint64
	Today    clock.Date
	Progress func(done, total int) // called after each chunk; may be nil
}

// chunk is how many persons are generated and written at a time: memory stays flat at any size.
const chunk = 20000

// Generate writes a demo country into an empty registry and returns how many persons it wrote.
func Generate(ctx context.Context, d *db.DB, o Options) (int, error) {
	var existing int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons`).Scan(&existing); err != nil {
		return 0, err
	}
	if existing > 0 {
		return 0, fmt.Errorf("the registry already holds %d persons: demo data goes only into an empty database", existing)
	}
	if err := registrydb.LoadPlaces(ctx, d); err != nil {
		return 0, err
	}
	g, err := newGenerator(o)
	if err != nil {
		return 0, err
	}
	for g.persons < o.Persons {
		b := g.batch(min(chunk, o.Persons-g.persons))
		if err := b.write(ctx, d); err != nil {
			return g.persons, err
		}
		if o.Progress != nil {
			o.Progress(g.persons, o.Persons)
		}
	}
	return g.persons, resetSequences(ctx, d)
}

// resetSequences moves PostgreSQL's id sequences past the ids the generator chose itself.
func resetSequences(ctx context.Context, d *db.DB) error {
	if d.Dialect != db.Postgres {
		return nil
	}
	for _, t := range []string{"persons", "households", "person_categories"} {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 1)) FROM %s`, t, t)
		if _, err := d.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("reset %s sequence: %w", t, err)
		}
	}
	return nil
}

type generator struct {
	rnd       *rand.Rand
	o         Options
	districts []places.Place // weighted: Baku's districts appear more often
	persons   int
	homes     int
	cats      int
	now       time.Time
}

func newGenerator(o Options) (*generator, error) {
	all, err := places.All()
	if err != nil {
		return nil, err
	}
	if o.Today.IsZero() {
		o.Today = clock.Today(clock.System{})
	}
	g := &generator{rnd: rand.New(rand.NewPCG(o.Seed, 2026)), o: o, now: time.Now().UTC().Truncate(time.Microsecond)}
	for _, p := range all {
		if p.Kind != places.District {
			continue
		}
		weight := 1
		if p.ParentID == 1 { // Baku holds about a quarter of the population
			weight = 4
		}
		for i := 0; i < weight; i++ {
			g.districts = append(g.districts, p)
		}
	}
	return g, nil
}

// fin returns the n-th FİN of a permutation of all 34^7 codes, so codes are unique without
// a lookup and do not run in sequence.
func fin(n int) string {
	const space = 34 * 34 * 34 * 34 * 34 * 34 * 34
	x := (uint64(n)*2654435761 + 98765431) % space
	b := make([]byte, 7)
	for i := 6; i >= 0; i-- {
		b[i] = finAlphabet[x%34]
		x /= 34
	}
	return string(b)
}

func (g *generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *generator) chance(p float64) bool { return g.rnd.Float64() < p }

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }
