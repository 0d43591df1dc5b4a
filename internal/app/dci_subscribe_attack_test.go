package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/registry"
)

// pendingTxn returns the id of the client's newest transaction of action.
func pendingTxn(t *testing.T, a *app.App, client, action string) int64 {
	t.Helper()
	var id int64
	if err := a.DB.QueryRow(`SELECT t.id FROM dci_transactions t JOIN api_clients c ON c.id = t.client_id
		WHERE c.client_id = $1 AND t.action = $2 ORDER BY t.id DESC LIMIT 1`, client, action).Scan(&id); err != nil {
		t.Fatalf("%s transaction of %s: %v", action, client, err)
	}
	return id
}

// none fails if anything was delivered to the partner.
func none(t *testing.T, got chan map[string]any, what string) {
	t.Helper()
	select {
	case m := <-got:
		t.Errorf("%s: delivered %s", what, toJSON(m))
	default:
	}
}

// TestDCIAttackSubscriptions: a client allowed only the FİN cannot subscribe to a death or to
// a third person joining a household; a client allowed names is told of a change of name but
// not of a change of phone or IBAN; and a notification queued before the client unsubscribed
// is not delivered after it. Jobs are run by hand (Answer), so every delivery is seen.
func TestDCIAttackSubscriptions(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		ctx := context.Background()
		cb, got := callbacks(t, spec, http.StatusOK)
		var fin string
		var version int64
		a.DB.QueryRow(`SELECT fin, version FROM persons WHERE death_date IS NULL ORDER BY id LIMIT 1`).Scan(&fin, &version)

		narrow := newPartnerAt(t, a, "uin.gov.az", cb.URL, "uin")
		_, tok := narrow.token(t, srv.URL)
		msg := fmt.Sprintf(`{"transaction_id": "sub-n", "subscribe_request": [%s, %s]}`,
			subscribeItem("r-dead", "dost:DEREGISTER", fin), subscribeItem("r-hh", "NewHouseHoldMember", fin))
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/subscribe", tok, narrow.message("subscribe", msg)); status != http.StatusOK {
			t.Fatalf("subscribe: %d %v", status, m)
		}
		if err := a.Interop.Answer(ctx, pendingTxn(t, a, narrow.id, "subscribe")); err != nil {
			t.Fatal(err)
		}
		if on := toJSON(wait(t, got)); strings.Contains(on, `"subscriptions"`) || strings.Count(on, "rjct.notify_types.invalid") != 2 {
			t.Errorf("a uin-only client subscribed to deaths or household members: %s", on)
		}
		var subs int
		a.DB.QueryRow(`SELECT COUNT(*) FROM dci_subscriptions s JOIN api_clients c ON c.id = s.client_id WHERE c.client_id = $1`, narrow.id).Scan(&subs)
		if subs != 0 {
			t.Errorf("%d subscriptions made beyond the agreement", subs)
		}

		names := newPartnerAt(t, a, "names.gov.az", cb.URL, "uin", "name")
		_, tok = names.token(t, srv.URL)
		msg = fmt.Sprintf(`{"transaction_id": "sub-u", "subscribe_request": [%s]}`, subscribeItem("r-upd", "dost:UPDATE", fin))
		spec.exchange(t, srv.URL, "/dci/registry/subscribe", tok, names.message("subscribe", msg))
		a.Interop.Answer(ctx, pendingTxn(t, a, names.id, "subscribe"))
		wait(t, got)
		var code string
		a.DB.QueryRow(`SELECT code FROM dci_subscriptions WHERE event_type = 'dost:UPDATE'`).Scan(&code)

		officer := as(t, a, "officer")
		p, err := a.Registry.Update(officer, fin, version, map[string]string{"phone": "+994501234567", "iban": "AZ21NABZ00000000137010001944"}, registry.SourceManual)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := a.Interop.Notify(officer); err != nil || n != 0 {
			t.Errorf("a change of phone and IBAN notified a client that may read neither: %d %v", n, err)
		}
		if _, err := a.Registry.Update(officer, fin, p.Version, map[string]string{"first_name": "Aysel"}, registry.SourceManual); err != nil {
			t.Fatal(err)
		}
		if n, err := a.Interop.Notify(officer); err != nil || n != 1 {
			t.Fatalf("a change of name: %d notifications (%v), want 1", n, err)
		}

		// the notification is queued; the client unsubscribes before it is delivered
		notify := pendingTxn(t, a, names.id, "notify")
		unsub := fmt.Sprintf(`{"transaction_id": "sub-x", "timestamp": %q, "subscription_codes": [%q]}`, time.Now().UTC().Format(time.RFC3339), code)
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/unsubscribe", tok, names.message("unsubscribe", unsub)); status != http.StatusOK {
			t.Fatalf("unsubscribe: %d %v", status, m)
		}
		if err := a.Interop.Answer(ctx, notify); err != nil {
			t.Fatal(err)
		}
		none(t, got, "a notification after unsubscribing")
	})
}
