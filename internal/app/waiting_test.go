package app_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/dost-platform/dost/internal/app"
)

// TestDeskWaitingByService: the desk's waiting list counts a centre's waiting tickets per
// service with the first one's issue time, longest wait first; a called ticket leaves it,
// and another centre's tickets are not in it.
func TestDeskWaitingByService(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		a.DB.Exec(`DELETE FROM queue_tickets WHERE status = 'waiting'`) // the demo's own line
		for _, s := range []string{"02-01-01-00", "03-01-02-00", "02-01-01-00", "02-01-01-00"} {
			if _, err := a.Queue.Issue(ctx, "DOST-1", s); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Queue.Issue(ctx, "DOST-2", "03-01-02-00"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Queue.CallNext(staff(t, a, "front"), "DOST-1", "2"); err != nil {
			t.Fatal(err)
		}
		lines, err := a.Queue.WaitingByService(ctx, "DOST-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 || lines[0].ServiceCode != "03-01-02-00" || lines[0].Waiting != 1 || lines[1].ServiceCode != "02-01-01-00" || lines[1].Waiting != 2 {
			t.Fatalf("waiting by service %+v, want the funeral allowance's 1 then the TSSA's 2", lines)
		}
		for _, l := range lines {
			if l.OldestSince.IsZero() || l.OldestMinutes(a.Queue.Now()) != 0 || l.ServiceName.In("en") == "" {
				t.Errorf("line %+v", l)
			}
		}
	})
}
