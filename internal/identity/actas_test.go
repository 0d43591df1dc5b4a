package identity_test

import (
	"context"
	"testing"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestActAs: a command or a test acts for a staff member by login; the context carries their
// principal, with each grant's scope expanded; a disabled or unknown login acts as nobody.
func TestActAs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids, st, u := setup(t, d)
		ctx := context.Background()
		as, p, err := ids.ActAs(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if authz.From(as) != p || p.UserID != u.ID || p.Login != "alice" || len(p.Grants) != 1 || len(p.Grants[0].Scope) == 0 {
			t.Fatalf("acting as alice: %+v", p)
		}
		if authz.Actor(as) != "alice" {
			t.Errorf("recorded as %q", authz.Actor(as))
		}
		if _, _, err := ids.ActAs(ctx, "nobody"); err == nil {
			t.Error("acted as an unknown login")
		}
		if err := st.SetActive(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if as, p, err := ids.ActAs(ctx, "alice"); err == nil || p != nil || authz.From(as) != nil {
			t.Error("acted as a disabled account")
		}
	})
}
