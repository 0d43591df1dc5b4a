package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// TestDeskWaitingByService: the desk's waiting list counts a centre's waiting tickets per
// service with the first one's issue time, longest wait first; a called ticket leaves it,
// and another centre's tickets are not in it. A visit closed within the standard counts in
// the report's day of its centre.
func TestDeskWaitingByServiceAndDays(t *testing.T) {
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
		front := staff(t, a, "front")
		called, err := a.Queue.Current(front, "DOST-1")
		if err != nil {
			t.Fatal(err)
		}
		a.Queue.MoveTicket(front, called.UUID, queue.Serving)
		if _, err := a.Queue.MoveTicket(front, called.UUID, queue.Done); err != nil {
			t.Fatal(err)
		}
		today := a.Queue.Today()
		days, err := a.Queue.QueueByDay(ctx, servicedesk.StatsFilter{From: today, To: today})
		if err != nil {
			t.Fatal(err)
		}
		var mine *servicedesk.QueueDay
		for i := range days {
			if days[i].CentreCode == "DOST-1" {
				mine = &days[i]
			}
			if days[i].Day != today.String() {
				t.Errorf("a day outside the period: %+v", days[i])
			}
		}
		if mine == nil || mine.Visits < 1 || mine.WithinStandard <= 0 || mine.CentreName.In("en") == "" {
			t.Fatalf("today's visits at DOST-1: %+v in %+v", mine, days)
		}
		for _, l := range lines {
			if l.OldestSince.IsZero() || l.OldestMinutes(a.Queue.Now()) != 0 || l.ServiceName.In("en") == "" {
				t.Errorf("line %+v", l)
			}
		}
	})
}

// TestDeskWaitingOpenedAsAPage: the desk's waiting list is a fragment the desk page refreshes;
// opened directly (the route registry lets the front office open it) it once answered 404 for
// want of a centre. Now it sends the operator to the desk page, which shows the list.
func TestDeskWaitingOpenedAsAPage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		front := login(t, srv, a, "front")
		if loc := front.page(t, "GET", "/desk/waiting", nil, http.StatusSeeOther); loc != "/desk" {
			t.Fatalf("opened as a page, /desk/waiting sends to %q", loc)
		}
		if page := front.page(t, "GET", "/desk", nil, http.StatusOK); !strings.Contains(page, `id="waiting-by-service"`) {
			t.Fatal("the desk page does not show the waiting list")
		}
		req, _ := http.NewRequest("GET", srv.URL+"/desk/waiting?centre=DOST-1", nil)
		req.Header.Set("HX-Request", "true")
		if fragment := front.send(t, req, http.StatusOK); strings.Contains(fragment, "<html") {
			t.Fatal("the desk page's refresh gets a whole page")
		}
	})
}
