package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/queue"
)

// TestAttackKioskCheckIn: a booking number is a counter; an anonymous visitor who tries it at
// the kiosk cannot check in (and so move) someone else's visit without that citizen's FİN.
func TestAttackKioskCheckIn(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		var fin, other string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id DESC LIMIT 1`).Scan(&other)
		victim, err := a.Registry.Person(ctx, fin, "test")
		if err != nil {
			t.Fatal(err)
		}
		centre, _ := a.ServiceDesk.Centre(ctx, "DOST-1")
		service, _ := a.ServiceDesk.Passport(ctx, "01-01-01-00")
		now := time.Now()
		booking := queue.Ticket{UUID: uuid.NewString(), CentreID: centre.ID, ServiceID: service.ID, Service: service, ServiceCode: service.Code,
			Day: clock.DateOf(now), Slot: now.Add(time.Hour).Truncate(time.Hour), PersonID: victim.ID, Status: queue.Booked, IssuedAt: now}
		if err := a.QueueStore.BookTicket(ctx, &booking, queue.SlotCapacity); err != nil {
			t.Fatal(err)
		}
		anon := &client{Client: &http.Client{}, base: srv.URL}
		anon.page(t, "POST", "/kiosk/DOST-1/checkin", url.Values{"number": {booking.Number}}, http.StatusUnprocessableEntity)
		anon.page(t, "POST", "/kiosk/DOST-1/checkin", url.Values{"number": {booking.Number}, "fin": {other}}, http.StatusUnprocessableEntity)
		if got, _ := a.Queue.Ticket(ctx, booking.UUID); got.Status != queue.Booked {
			t.Fatalf("someone else's booking was checked in: %s", got.Status)
		}
		anon.page(t, "POST", "/kiosk/DOST-1/checkin", url.Values{"number": {booking.Number}, "fin": {strings.ToLower(fin)}}, http.StatusOK)
		if got, _ := a.Queue.Ticket(ctx, booking.UUID); got.Status != queue.Waiting {
			t.Fatalf("the citizen's own check-in: %s", got.Status)
		}
	})
}

// TestAttackDeskRatingTablet: the tablet at a desk shows the rating link of the visit just
// closed there only to the operator signed in at that desk; an anonymous visitor who names a
// centre and a desk, or another operator, gets nothing to rate, and a guessed link is unknown.
func TestAttackDeskRatingTablet(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		front := login(t, srv, a, "front")
		front.page(t, "POST", "/kiosk/DOST-1/tickets", url.Values{"service": {"05-01-01-00"}}, http.StatusCreated)
		as := staff(t, a, "front")
		tk, err := a.Queue.CallNext(as, "DOST-1", "7")
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{queue.Serving, queue.Done} {
			if _, err := a.Queue.MoveTicket(as, tk.UUID, to); err != nil {
				t.Fatal(err)
			}
		}
		anon := &client{Client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
		if loc := anon.page(t, "GET", "/desks/DOST-1/7/rating", nil, http.StatusSeeOther); !strings.Contains(loc, "login") {
			t.Fatalf("an anonymous visitor at the tablet's address: sent to %s", loc)
		}
		if _, err := a.Identity.CreateUser(ctx, identity.NewUser{Login: "front2", FullName: "F", Password: demo.Password,
			Grants: []authz.Grant{{Role: authz.FrontOffice, InstitutionID: 1}}}); err != nil {
			t.Fatal(err)
		}
		if page := login(t, srv, a, "front2").page(t, "GET", "/desks/DOST-1/7/rating", nil, 200); strings.Contains(page, `action="/rate/`) {
			t.Fatal("another operator's session shows the rating link of a visit it did not serve")
		}
		if page := front.page(t, "GET", "/desks/DOST-1/7/rating", nil, 200); !strings.Contains(page, `action="/rate/`) {
			t.Fatal("the operator's own tablet does not ask to rate the visit just closed")
		}
		anon.page(t, "GET", "/rate/1", nil, http.StatusNotFound)
		anon.page(t, "POST", "/rate/1", url.Values{"score": {"1"}}, http.StatusNotFound)
	})
}

// TestAttackConcurrentBookings: 13 citizens booking a 3-place slot at once get 3 places, and
// a citizen booking six visits of one day at once (at two centres) gets one, on both engines.
func TestAttackConcurrentBookings(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		rows, err := a.DB.Query(`SELECT fin FROM persons ORDER BY id LIMIT 14`)
		if err != nil {
			t.Fatal(err)
		}
		var fins []string
		for rows.Next() {
			var f string
			rows.Scan(&f)
			fins = append(fins, f)
		}
		rows.Close()
		day := a.Calendar.Get().Add(clock.Today(clock.System{}), 2)
		at := func(h, m int) time.Time { return time.Date(day.Year, day.Month, day.Day, h, m, 0, 0, clock.Baku) }
		parallel := func(n int, book func(i int) error) (ok int, errs []error) {
			var mu sync.Mutex
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					err := book(i)
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						ok++
					} else {
						errs = append(errs, err)
					}
				}()
			}
			close(start)
			wg.Wait()
			return ok, errs
		}
		ctxs := make([]context.Context, len(fins))
		for i, f := range fins {
			ctxs[i] = citizenCtx(t, a, f)
		}
		me := ctxs[13] // not among the 13 below
		ok, errs := parallel(13, func(i int) error {
			_, err := a.Queue.Book(ctxs[i], "DOST-1", "01-01-01-00", at(10, 0))
			return err
		})
		if ok != queue.SlotCapacity {
			t.Fatalf("%d of 13 parallel bookings of a %d-place slot went through (%v)", ok, queue.SlotCapacity, errs)
		}
		for _, err := range errs {
			if f := (fail.Fields{}); !errors.As(err, &f) || f[0].Key != "invalid.slot_full" {
				t.Fatalf("a refused booking: %v", err)
			}
		}
		ok, errs = parallel(6, func(i int) error {
			_, err := a.Queue.Book(me, []string{"DOST-1", "DOST-2"}[i%2], "01-01-01-00", at(11+i/2, 15))
			return err
		})
		if ok != 1 {
			t.Fatalf("%d of 6 parallel bookings of one citizen for one day went through (%v)", ok, errs)
		}
		var n int
		a.DB.QueryRow(`SELECT COUNT(*) FROM queue_tickets WHERE slot IS NOT NULL AND status = 'booked'`).Scan(&n)
		if n != queue.SlotCapacity+1 {
			t.Fatalf("%d bookings stored, want %d", n, queue.SlotCapacity+1)
		}
	})
}
