package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
)

// rejectedCode returns the status and reason code of the first answer item.
func rejectedCode(m map[string]any) (string, string) {
	msg, _ := m["message"].(map[string]any)
	items, _ := msg["search_response"].([]any)
	if len(items) == 0 {
		return "", ""
	}
	it := items[0].(map[string]any)
	code, _ := it["status_reason_code"].(string)
	return it["status"].(string), code
}

// TestDCIAttackNameSearch: a client allowed only the FİN searches by a name prefix and by a
// name and guessed birth date, and is refused; a client allowed names and birth dates gets
// nothing for a prefix of a real name, nor for a one-letter name — only whole names match.
func TestDCIAttackNameSearch(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		var fin, last, first, born string
		a.DB.QueryRow(`SELECT fin, last_name, first_name, birth_date FROM persons ORDER BY id LIMIT 1`).Scan(&fin, &last, &first, &born)
		born = born[:10]
		pred := func(name, birth string) string {
			q := fmt.Sprintf(`[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": %q}`, name)
			if birth != "" {
				q += fmt.Sprintf(`, "condition": "and", "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": %q}`, birth)
			}
			return q + "}]"
		}
		narrow := newPartner(t, a, "uin.gov.az", "uin")
		_, tok := narrow.token(t, srv.URL)
		for _, q := range []string{pred(string([]rune(last)[:2]), ""), pred(last+" "+first, born)} {
			_, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, narrow.message("search", searchMessage("predicate", q)))
			if st, code := rejectedCode(m); st != "rjct" || code != "rjct.search_criteria.invalid" {
				t.Errorf("uin-only client searched %s: %v", q, m)
			}
		}
		wide := newPartner(t, a, "wide.gov.az", "uin", "name", "birth_date")
		_, tok = wide.token(t, srv.URL)
		prefix := pred(string([]rune(last)[:len([]rune(last))-1])+" "+first, born)
		_, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", prefix)))
		if containsFIN(records(t, m), fin) {
			t.Errorf("a prefix of the surname found %s: %v", fin, m)
		}
		for _, q := range []string{pred(string([]rune(last)[:2]), ""), pred("A", born), pred(". ,", born)} {
			status, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", q)))
			if st, code := rejectedCode(m); status != 200 || st != "rjct" || code != "rjct.search_criteria.invalid" {
				t.Errorf("%s: %d %v", q, status, m)
			}
		}
		_, m = spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", pred(last+" "+first, born))))
		if !containsFIN(records(t, m), fin) {
			t.Errorf("the whole name did not find %s: %v", fin, m)
		}
	})
}

// TestDCIAttackRevokedAgreement: after an agreement is revoked, a token bought a minute before
// is refused at once and the secret buys no new one; a removed key signs nothing any more.
func TestDCIAttackRevokedAgreement(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		ctx := as(t, a, "admin")
		q := searchMessage("idtype-value", `{"type": "UIN", "value": "1AB2C3D"}`)
		p := newPartner(t, a, "tax.gov.az", "uin")
		_, tok := p.token(t, srv.URL)
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, p.message("search", q)); status != http.StatusOK {
			t.Fatalf("before revoking: %d %v", status, m)
		}
		// an asynchronous search is pending when the agreement is revoked: it is rejected, and
		// what was searched for is not kept
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/search", tok, p.message("search", q)); status != http.StatusOK {
			t.Fatalf("async search: %d %v", status, m)
		}
		pending := pendingTxn(t, a, p.id, "search")
		if _, err := a.Clients.Revoke(ctx, authz.From(ctx), p.id); err != nil {
			t.Fatal(err)
		}
		a.Interop.Answer(context.Background(), pending)
		var state, request string
		a.DB.QueryRow(`SELECT status, request FROM dci_transactions WHERE id = $1`, pending).Scan(&state, &request)
		if state != "rjct" || request != "" {
			t.Errorf("a search of a revoked agreement: %s, request kept %q", state, request)
		}
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, p.message("search", q)); status != http.StatusUnauthorized {
			t.Errorf("a token of a revoked agreement: %d %v", status, m)
		}
		if status, _ := p.token(t, srv.URL); status != http.StatusUnauthorized {
			t.Errorf("a revoked agreement bought a token: %d", status)
		}
		var tokens, audited int
		a.DB.QueryRow(`SELECT COUNT(*) FROM api_client_tokens t JOIN api_clients c ON c.id = t.client_id WHERE c.client_id = $1`, p.id).Scan(&tokens)
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity_id = $1 AND detail LIKE '%revoked%'`, p.id).Scan(&audited)
		if tokens != 0 || audited != 1 {
			t.Errorf("after revoking: %d tokens left, %d audit entries", tokens, audited)
		}

		other := newPartner(t, a, "bank.example.az", "uin")
		if err := a.Clients.RemoveKey(ctx, authz.From(ctx), other.id, "k1"); err == nil {
			t.Errorf("the last key was removed")
		}
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		a.DB.Exec(`INSERT INTO api_client_keys (client_id, kid, public_key) SELECT id, 'k2', $2 FROM api_clients WHERE client_id = $1`,
			other.id, base64.StdEncoding.EncodeToString(pub))
		if err := a.Clients.RemoveKey(ctx, authz.From(ctx), other.id, "k1"); err != nil {
			t.Fatal(err)
		}
		_, tok = other.token(t, srv.URL)
		if status, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, other.message("search", q)); status != http.StatusUnauthorized {
			t.Errorf("a message signed with a removed key: %d %v", status, m)
		}
	})
}

// TestDCIRevokePage: the agreements page offers, in az/en/ru, to revoke an agreement and to
// remove one of several keys, each behind a confirmation; revoking there ends the agreement.
func TestDCIRevokePage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		p := newPartner(t, a, "tax.gov.az", "uin")
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		a.DB.Exec(`INSERT INTO api_client_keys (client_id, kid, public_key) SELECT id, 'k2', $2 FROM api_clients WHERE client_id = $1`,
			p.id, base64.StdEncoding.EncodeToString(pub))
		admin := login(t, srv, a, "admin")
		for lang, word := range map[string]string{"az": "Ləğv et", "en": "Revoke", "ru": "Отозвать"} {
			admin.PostForm(srv.URL+"/lang", url.Values{"lang": {lang}})
			resp, err := admin.Get(srv.URL + "/admin/dci-clients")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			readAll(&b, resp)
			page := b.String()
			if !strings.Contains(page, word) || !strings.Contains(page, `action="/admin/dci-clients/tax.gov.az/revoke"`) ||
				strings.Count(page, "/remove-key") != 2 || strings.Count(page, "data-confirm") < 3 {
				t.Errorf("%s page: revoke %q or key removal missing", lang, word)
			}
		}
		resp, err := admin.PostForm(srv.URL+"/admin/dci-clients/tax.gov.az/remove-key", url.Values{"kid": {"k2"}})
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove key: %v %v", err, resp)
		}
		resp, err = admin.PostForm(srv.URL+"/admin/dci-clients/tax.gov.az/revoke", nil)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %v %v", err, resp)
		}
		c, _ := a.Clients.ByClientID(context.Background(), p.id)
		if c.RevokedAt == nil || len(c.Keys) != 1 {
			t.Errorf("after the page: revoked %v, keys %v", c.RevokedAt, c.Keys)
		}
		if status, _ := p.token(t, srv.URL); status != http.StatusUnauthorized {
			t.Errorf("a revoked agreement bought a token: %d", status)
		}
	})
}

// TestDCIAttackCallbackURL: an agreement cannot send answers over plain http nor into dost's
// own network (cloud metadata, private ranges, loopback outside demo mode).
func TestDCIAttackCallbackURL(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		register := func(id, callback string) error {
			_, _, err := a.Clients.Register(context.Background(), nil, identity.NewClient{ClientID: id, Institution: "X", LegalBasis: "Y",
				Fields: []string{"uin"}, CallbackURL: callback, Keys: "k1 " + base64.StdEncoding.EncodeToString(pub), Days: 30})
			return err
		}
		for i, bad := range []string{"http://partner.gov.az/dci", "https://169.254.169.254/latest", "https://10.0.0.5/dci",
			"https://192.168.1.1/dci", "https://[fd00::1]/dci", "https://0.0.0.0/dci"} {
			if err := register(fmt.Sprintf("bad%d.gov.az", i), bad); err == nil {
				t.Errorf("callback %s accepted", bad)
			}
		}
		if err := register("loop.gov.az", "http://127.0.0.1:9/dci"); err != nil {
			t.Errorf("a loopback callback refused in demo mode: %v", err)
		}
		a.Clients.LoopbackHTTP = false // as outside demo mode
		if err := register("loop2.gov.az", "http://127.0.0.1:9/dci"); err == nil {
			t.Errorf("a loopback callback accepted outside demo mode")
		}
		if err := register("good.gov.az", "https://partner.gov.az/dci"); err != nil {
			t.Errorf("an https callback refused: %v", err)
		}
	})
}
