package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

func seed(t *testing.T, d *db.DB, n int) *audit.Log {
	t.Helper()
	l := audit.New(d, &clock.Fixed{T: time.Date(2026, 11, 2, 9, 0, 0, 123456000, time.UTC)})
	for i := 0; i < n; i++ {
		e := audit.Entry{ActorID: 0, ActorLogin: "officer", Action: audit.Read, Purpose: "card", Entity: "person", EntityID: "5ABCD12"}
		if err := l.Record(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func TestVerifyIntactChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 7)
		res, err := l.Verify(context.Background(), nil)
		if err != nil || res.Broken != nil || res.Rows != 7 {
			t.Fatalf("verify = %+v, %v; want 7 rows intact", res, err)
		}
	})
}

func TestVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name, sql string
		wantID    int64
		reason    string
	}{
		{"edited", `UPDATE audit_log SET entity_id = 'OTHER12' WHERE id = 4`, 4, "edited"},
		{"deleted in the middle", `DELETE FROM audit_log WHERE id = 3`, 3, "missing"},
		{"deleted at the end", `DELETE FROM audit_log WHERE id = 7`, 7, "deleted from the end"},
		{"rehashed row", `UPDATE audit_log SET hash = 'x' WHERE id = 5`, 5, "edited"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				l := seed(t, d, 7)
				if _, err := d.Exec(c.sql); err != nil {
					t.Fatal(err)
				}
				res, err := l.Verify(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if res.Broken == nil || res.Broken.ID != c.wantID || !strings.Contains(res.Broken.Reason, c.reason) {
					t.Fatalf("broken = %+v, want row %d (%s)", res.Broken, c.wantID, c.reason)
				}
			})
		})
	}
}

func TestListFiltersAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 5)
		ctx := context.Background()
		page, err := l.List(ctx, audit.Filter{Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != 5 {
			t.Fatalf("first page = %+v, %v", page, err)
		}
		next, _ := l.List(ctx, audit.Filter{Limit: 2, BeforeID: page[1].ID})
		if len(next) != 2 || next[0].ID != 3 {
			t.Fatalf("second page = %+v", next)
		}
		none, _ := l.List(ctx, audit.Filter{Institutions: []int64{}})
		if len(none) != 0 {
			t.Fatalf("empty scope listed %d rows", len(none))
		}
	})
}
