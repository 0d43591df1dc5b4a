package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// TestOneCollectNullID: One reads a row or says not found with what was looked up; Collect
// reads every row in order, none as an empty list; NullID stores 0 as NULL; the locking
// clause runs on both engines.
func TestOneCollectNullID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		exec(t, d, `CREATE TABLE helper_probe (id BIGINT PRIMARY KEY, parent BIGINT)`)
		for _, id := range []int64{1, 2, 3} {
			if _, err := d.Exec(`INSERT INTO helper_probe (id, parent) VALUES ($1, $2)`, id, db.NullID(id-1)); err != nil {
				t.Fatal(err)
			}
		}

		roots, err := db.One(ctx, d, "roots", db.Value[int64], `SELECT COUNT(*) FROM helper_probe WHERE parent IS NULL`)
		if err != nil || roots != 1 {
			t.Errorf("NullID(0) rows stored as NULL = %d, %v; want 1", roots, err)
		}
		parent, err := db.One(ctx, d, "probe", db.Value[int64], `SELECT parent FROM helper_probe WHERE id = $1`+d.ForUpdate(), 3)
		if err != nil || parent != 2 {
			t.Errorf("One = %d, %v; want 2", parent, err)
		}
		_, err = db.One(ctx, d, "probe 9", db.Value[int64], `SELECT parent FROM helper_probe WHERE id = $1`, 9)
		if !errors.Is(err, fail.ErrNotFound) || !strings.HasPrefix(err.Error(), "probe 9: ") {
			t.Errorf("One on no row = %v; want probe 9: not found", err)
		}
		_, err = db.One(ctx, d, "probe", db.Value[int64], `SELECT nothing FROM helper_probe`)
		if err == nil || errors.Is(err, fail.ErrNotFound) || !strings.HasPrefix(err.Error(), "probe: ") {
			t.Errorf("One on a bad query = %v; want the engine's error, not not-found", err)
		}

		ids, err := db.Collect(ctx, d, db.Value[int64], `SELECT id FROM helper_probe ORDER BY id DESC`+d.ForUpdateSkipLocked())
		if err != nil || len(ids) != 3 || ids[0] != 3 || ids[2] != 1 {
			t.Errorf("Collect = %v, %v; want [3 2 1]", ids, err)
		}
		none, err := db.Collect(ctx, d, db.Value[int64], `SELECT id FROM helper_probe WHERE id > $1`, 9)
		if err != nil || len(none) != 0 {
			t.Errorf("Collect of no rows = %v, %v; want empty", none, err)
		}
	})
}
