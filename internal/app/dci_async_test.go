package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/dost-platform/dost/internal/app"
)

// callbacks is a partner's callback server: it validates every delivery against the spec's
// on-search request and hands the bodies to the test.
func callbacks(t *testing.T, spec dciSchema, status int) (*httptest.Server, chan map[string]any) {
	got := make(chan map[string]any, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		check, _ := http.NewRequest(http.MethodPost, "http://partner"+r.URL.Path, bytes.NewReader(body))
		check.Header.Set("Content-Type", r.Header.Get("Content-Type"))
		in := &openapi3filter.RequestValidationInput{Request: check, Route: spec.route(t, r.URL.Path),
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("callback %s does not validate: %v\n%s", r.URL.Path, err, body)
		}
		var m map[string]any
		jsonDecode(body, &m)
		got <- m
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

// wait returns the next delivery, failing after a generous deadline.
func wait(t *testing.T, got chan map[string]any) map[string]any {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(60 * time.Second):
		t.Fatal("no callback delivered")
		return nil
	}
}

// TestDCIAsyncSearchAndStatus: an asynchronous search is acknowledged at once and answered by
// a background job at the client's registered callback — not at the sender_uri the request
// names — with the records found; sync/txn/status then reports it done. A partner whose
// callback fails sees its transaction still pending, with the attempt and the error kept.
func TestDCIAsyncSearchAndStatus(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		workJobs(t, a)
		cb, got := callbacks(t, spec, http.StatusOK)
		evil, stolen := callbacks(t, spec, http.StatusOK)
		p := newPartnerAt(t, a, "tax.gov.az", cb.URL+"/dci", "uin", "name")
		_, tok := p.token(t, srv.URL)
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)

		msg := p.message("search", searchMessage("idtype-value", `{"type": "UIN", "value": "`+fin+`"}`))
		msg = bytes.Replace(msg, []byte(`"receiver_id"`), []byte(`"sender_uri": "`+evil.URL+`/steal", "receiver_id"`), 1)
		msg = p.resign(t, msg)
		status, ack := spec.exchange(t, srv.URL, "/dci/registry/search", tok, msg)
		m, _ := ack["message"].(map[string]any)
		if status != http.StatusOK || m["ack_status"] != "ACK" || m["correlation_id"] == "" {
			t.Fatalf("ack: %d %v", status, ack)
		}
		delivered := wait(t, got)
		if !containsFIN(records(t, delivered), fin) {
			t.Errorf("on-search without %s: %v", fin, delivered)
		}
		select {
		case <-stolen:
			t.Errorf("an answer went to the sender_uri of the request")
		default:
		}

		status, st := spec.exchange(t, srv.URL, "/dci/registry/sync/txn/status", tok, p.message("txn-status",
			fmt.Sprintf(`{"transaction_id": "t-2", "txnstatus_request": {"reference_id": "s-1", "txn_type": "search", "attribute_type": "correlation_id", "attribute_value": %q}}`, m["correlation_id"])))
		if status != http.StatusOK || !strings.Contains(toJSON(st), `"status":"succ"`) {
			t.Errorf("txn status: %d %v", status, st)
		}

		failing, failed := callbacks(t, spec, http.StatusInternalServerError)
		q := newPartnerAt(t, a, "bank.example.az", failing.URL, "uin")
		_, qtok := q.token(t, srv.URL)
		status, _ = spec.exchange(t, srv.URL, "/dci/registry/search", qtok, q.message("search", searchMessage("idtype-value", `{"type": "UIN", "value": "`+fin+`"}`)))
		if status != http.StatusOK {
			t.Fatalf("ack: %d", status)
		}
		wait(t, failed)
		deadline := time.Now().Add(30 * time.Second)
		var attempts int
		var lastError, txnStatus string
		for attempts == 0 && time.Now().Before(deadline) {
			a.DB.QueryRow(`SELECT t.attempts, t.last_error, t.status FROM dci_transactions t JOIN api_clients c ON c.id = t.client_id
				WHERE c.client_id = 'bank.example.az' AND t.action = 'search'`).Scan(&attempts, &lastError, &txnStatus)
			time.Sleep(50 * time.Millisecond) // polling the database for the job's write, bounded by the deadline
		}
		if attempts == 0 || txnStatus != "pdng" || !strings.Contains(lastError, "500") {
			t.Errorf("failed delivery: attempts %d, status %s, error %q", attempts, txnStatus, lastError)
		}
		status, st = spec.exchange(t, srv.URL, "/dci/registry/sync/txn/status", qtok, q.message("txn-status",
			`{"transaction_id": "t-3", "txnstatus_request": {"reference_id": "s-1", "txn_type": "search", "attribute_type": "transaction_id", "attribute_value": "t-1"}}`))
		if status != http.StatusOK || !strings.Contains(toJSON(st), `"status":"pdng"`) {
			t.Errorf("txn status of a failing delivery: %d %v", status, st)
		}

		// the operators' page lists the failed delivery; retrying it tries the callback again
		admin := login(t, srv, a, "admin")
		resp, err := admin.Get(srv.URL + "/admin/dci-exchange")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var id int64
		a.DB.QueryRow(`SELECT id FROM dci_transactions WHERE status = 'pdng' AND attempts > 0`).Scan(&id)
		retry := fmt.Sprintf("/admin/dci-exchange/%d/retry", id)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), retry) || !strings.Contains(string(page), "bank.example.az") {
			t.Fatalf("exchange page: %d\n%s", resp.StatusCode, page)
		}
		resp, err = admin.Post(srv.URL+retry, "application/x-www-form-urlencoded", nil)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("retry: %v %v", resp.Status, err)
		}
		resp.Body.Close()
		var queued int
		a.DB.QueryRow(`SELECT COUNT(*) FROM job_runs WHERE kind = 'interop.answer' AND started_by = 'admin'`).Scan(&queued)
		if queued != 1 {
			t.Errorf("the retry queued %d deliveries by the operator", queued)
		}
		wait(t, failed)
	})
}
