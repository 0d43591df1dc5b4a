package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/registry"
)

func subscribeItem(ref, event, fin string) string {
	return fmt.Sprintf(`{"reference_id": %q, "timestamp": %q, "subscribe_criteria": {"reg_event_type": %q, "filter_type": "idtype-value",
		"filter": {"type": "UIN", "value": %q}, "notify_record_type": "spdci:Member"}}`, ref, time.Now().UTC().Format(time.RFC3339), event, fin)
}

// TestDCISubscribeAndNotify: a client subscribes to the registration of a FİN not yet in the
// registry and to new members of a household; the on-subscribe answer brings the codes (and
// the refusal of an unknown event type), and when an officer registers the person and adds
// them to the household, the subscriber is notified of REGISTER and NewHouseHoldMember at
// its registered callback, each message valid against the spec. After unsubscribing, the
// subscriptions are ended, a sweep over the same changes sends nothing more, and neither does
// a change made after it.
func TestDCISubscribeAndNotify(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		workJobs(t, a)
		cb, got := callbacks(t, spec, http.StatusOK)
		p := newPartnerAt(t, a, "tax.gov.az", cb.URL, "uin", "name", "household")
		_, tok := p.token(t, srv.URL)
		var head, household string
		a.DB.QueryRow(`SELECT p.fin, h.uuid FROM persons p JOIN household_members m ON m.person_id = p.id AND m.relationship = 'head'
			JOIN households h ON h.id = m.household_id ORDER BY p.id LIMIT 1`).Scan(&head, &household)
		const newborn = "9ZZ9ZZ9"
		msg := fmt.Sprintf(`{"transaction_id": "sub-1", "subscribe_request": [%s, %s, %s, %s]}`, subscribeItem("r-reg", "REGISTER", newborn),
			subscribeItem("r-upd", "dost:UPDATE", head),
			subscribeItem("r-hh", "NewHouseHoldMember", head), subscribeItem("r-bad", "spdci-common:RegistryEventType:LiveBirth", head))
		status, ack := spec.exchange(t, srv.URL, "/dci/registry/subscribe", tok, p.message("subscribe", msg))
		if status != http.StatusOK {
			t.Fatalf("subscribe: %d %v", status, ack)
		}
		on := toJSON(wait(t, got))
		if strings.Count(on, `"status":"succ"`) < 3 || !strings.Contains(on, "rjct.notify_types.invalid") {
			t.Errorf("on-subscribe: %s", on)
		}
		var regCode, updCode string
		a.DB.QueryRow(`SELECT code FROM dci_subscriptions WHERE event_type = 'REGISTER'`).Scan(&regCode)
		a.DB.QueryRow(`SELECT code FROM dci_subscriptions WHERE event_type = 'dost:UPDATE'`).Scan(&updCode)

		officer := as(t, a, "officer")
		if _, err := a.Registry.Create(officer, newborn, map[string]string{"last_name": "Məmmədova", "first_name": "Aysel", "sex": "F",
			"birth_date": time.Now().Format(time.DateOnly)}, registry.SourceManual); err != nil {
			t.Fatal(err)
		}
		h, err := a.Registry.HouseholdByUUID(officer, household)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Registry.SetMember(officer, household, h.Version, newborn, "child"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Interop.Notify(officer); err != nil { // or the periodic sweep, if it came first
			t.Fatal(err)
		}
		events := map[string]bool{}
		for range 2 {
			m := toJSON(wait(t, got))
			if !strings.Contains(m, newborn) {
				t.Errorf("notification without the newborn's record: %s", m)
			}
			for _, e := range []string{"REGISTER", "NewHouseHoldMember"} {
				if strings.Contains(m, `"reg_event_type":"`+e+`"`) {
					events[e] = true
				}
			}
		}
		if !events["REGISTER"] || !events["NewHouseHoldMember"] {
			t.Errorf("events notified: %v", events)
		}

		unsub := fmt.Sprintf(`{"transaction_id": "sub-2", "timestamp": %q, "subscription_codes": [%q, %q]}`, time.Now().UTC().Format(time.RFC3339), regCode, updCode)
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/unsubscribe", tok, p.message("unsubscribe", unsub)); status != http.StatusOK {
			t.Fatalf("unsubscribe: %d %v", status, m)
		}
		for _, code := range []string{regCode, updCode} {
			var state string
			a.DB.QueryRow(`SELECT status FROM dci_subscriptions WHERE code = $1`, code).Scan(&state)
			if state != "unsubscribe" {
				t.Errorf("subscription %s is %q after unsubscribing", code, state)
			}
		}
		a.DB.Exec(`UPDATE dci_notify_state SET last_person_id = 0, last_change_id = 0`) // the same changes again
		if n, err := a.Interop.Notify(officer); err != nil || n != 0 {
			t.Errorf("a second sweep over the same changes notified %d (%v)", n, err)
		}
		// a change after unsubscribing: the head's name changes, the UPDATE subscription was ended
		var version int64
		a.DB.QueryRow(`SELECT version FROM persons WHERE fin = $1`, head).Scan(&version)
		if _, err := a.Registry.Update(officer, head, version, map[string]string{"first_name": "Aysel"}, registry.SourceManual); err != nil {
			t.Fatal(err)
		}
		if n, err := a.Interop.Notify(officer); err != nil || n != 0 {
			t.Errorf("a change after unsubscribing notified %d (%v)", n, err)
		}
	})
}
