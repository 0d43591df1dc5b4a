package registrydb_test

import (
	"context"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// TestCountPersonsIsExactUpToTheCapAndSaysMoreBeyond: the count of a search counts both index
// ranges (surname first, then given name first) with the search's own filters, exactly up to
// the cap and as cap+1 beyond it; the service turns cap+1 into "more than the cap".
func TestCountPersonsIsExactUpToTheCapAndSaysMoreBeyond(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		create(t, s, "1AAAAA1", "Məmmədov", "Hüseyn")
		create(t, s, "1AAAAA2", "Məmmədov", "Əli")
		create(t, s, "1AAAAA3", "Məmmədov", "Anar")
		create(t, s, "1AAAAA4", "Əliyev", "Məmməd")
		create(t, s, "1AAAAA5", "Quliyev", "Tural")
		store := registrydb.New(d, audit.New(d, clock.System{}))
		count := func(q registry.Query, most int) int {
			t.Helper()
			plan, ok := q.Compile()
			if !ok {
				t.Fatalf("%+v does not compile", q)
			}
			n, err := store.CountPersons(context.Background(), plan, most)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			q          registry.Query
			most, want int
		}{
			{registry.Query{Text: "Mamed"}, 10, 4},                  // three surnames, then the given name Məmməd
			{registry.Query{Text: "Mamed"}, 4, 4},                   // exactly the cap: exact
			{registry.Query{Text: "Mamed"}, 3, 4},                   // over the cap: cap+1, and no more read
			{registry.Query{Text: "Mamed"}, 2, 3},                   // cut inside the surname range
			{registry.Query{Text: "Mamed", BirthYear: 1990}, 10, 0}, // the search's birth-year filter
			{registry.Query{Text: "Quliyev", DistrictID: 503}, 10, 1},
			{registry.Query{Text: "Quliyev", DistrictID: 504}, 10, 0},
			{registry.Query{Text: "1aaaaa5"}, 10, 1}, // a FİN
			{registry.Query{Text: "9ZZZZZ9"}, 10, 0},
		} {
			if got := count(c.q, c.most); got != c.want {
				t.Errorf("CountPersons(%+v, %d) = %d, want %d", c.q, c.most, got, c.want)
			}
		}
		if n, over, err := s.CountSearch(officer, registry.Query{Text: "Mamed", Limit: 2, After: "a|1|x"}); n != 4 || over || err != nil {
			t.Fatalf("CountSearch from a later page = %d, %v, %v: the count is of the whole search", n, over, err)
		}
	})
}
