package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
)

// TestAttackTokenScopes: a token cannot mint another, lives at most 90 days, carries only
// permissions its owner holds, a read-only token cannot write, and a token limited to a
// permission cannot use the owner's others. Owners and their administrator list and revoke.
func TestAttackTokenScopes(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "front")
		if resp, _ := c.api(t, "POST", "/api/v1/tokens", `{"name":"chain","days":1}`); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a token minted a token: %d, want 403", resp.StatusCode)
		}
		mint := func(body string) (int, string) {
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/tokens", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := c.Do(req) // with the session cookie
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out struct{ Token string }
			json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out.Token
		}
		for _, body := range []string{`{"name":"long","days":91}`, `{"name":"greedy","days":1,"permissions":["payment.manage"]}`} {
			if status, _ := mint(body); status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", body, status)
			}
		}
		status, readOnly := mint(`{"name":"reader","days":30,"read_only":true}`)
		if status != http.StatusCreated {
			t.Fatalf("read-only token: %d", status)
		}
		ro := &client{Client: http.DefaultClient, base: srv.URL, token: readOnly}
		if resp, _ := ro.api(t, "GET", "/api/v1/me", ""); resp.StatusCode != http.StatusOK {
			t.Errorf("read-only token reading: %d", resp.StatusCode)
		}
		if resp, _ := ro.api(t, "POST", "/api/v1/me/two-factor", ""); resp.StatusCode != http.StatusForbidden {
			t.Errorf("read-only token writing: %d, want 403", resp.StatusCode)
		}
		_, queueOnly := mint(`{"name":"kiosk","days":30,"permissions":["queue.serve"]}`)
		q := &client{Client: http.DefaultClient, base: srv.URL, token: queueOnly}
		if resp, _ := q.api(t, "GET", "/api/v1/persons?q=a", ""); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a queue-only token read persons: %d, want 403", resp.StatusCode)
		}
		if resp, _ := q.api(t, "POST", "/api/v1/me/two-factor", ""); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a queue-only token enrolled its owner's second factor: %d, want 403", resp.StatusCode)
		}

		resp, out := c.api(t, "GET", "/api/v1/tokens", "")
		if resp.StatusCode != http.StatusOK || len(out["items"].([]any)) != 3 {
			t.Fatalf("list: %d %v", resp.StatusCode, out)
		}
		front, _ := a.IdentityStore.UserByLogin(context.Background(), "front")
		admin := login(t, srv, a, "admin")
		resp, out = admin.api(t, "GET", "/api/v1/users/"+strconv.FormatInt(front.ID, 10)+"/tokens", "")
		if resp.StatusCode != http.StatusOK || len(out["items"].([]any)) != 3 {
			t.Fatalf("admin's list: %d %v", resp.StatusCode, out)
		}
		readerID := "0"
		for _, it := range out["items"].([]any) {
			if it.(map[string]any)["name"] == "reader" {
				readerID = strconv.FormatInt(int64(it.(map[string]any)["id"].(float64)), 10)
			}
		}
		other := login(t, srv, a, "social")
		if resp, _ := other.api(t, "DELETE", "/api/v1/tokens/"+readerID, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a colleague revoked someone's token: %d, want 404", resp.StatusCode)
		}
		if resp, _ := admin.api(t, "DELETE", "/api/v1/tokens/"+readerID, ""); resp.StatusCode != http.StatusNoContent {
			t.Errorf("admin revoke: %d", resp.StatusCode)
		}
		if resp, _ := ro.api(t, "GET", "/api/v1/me", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a revoked token: %d, want 401", resp.StatusCode)
		}
		if err := a.Identity.SetActive(context.Background(), front.ID, false); err != nil {
			t.Fatal(err)
		}
		if resp, _ := q.api(t, "GET", "/api/v1/me", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a disabled account's token: %d, want 401", resp.StatusCode)
		}
		if s, loc, _ := c.signinSend(t, "/desk", nil); s != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("a disabled account's session: %d %q", s, loc)
		}
	})
}

// TestAttackCitizenMintsToken: a citizen's portal session asking for an API token gets 403,
// not a 500 from a token without a staff owner.
func TestAttackCitizenMintsToken(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		b := signinBrowser(srv)
		if s, _, _ := b.signinSend(t, "/e-social/login", url.Values{"fin": {fin}}); s != http.StatusSeeOther {
			t.Fatalf("citizen sign-in: %d", s)
		}
		if s := b.signinCookieAPI(t, "POST", "/api/v1/tokens", `{"name":"mine","days":1}`); s != http.StatusForbidden {
			t.Errorf("citizen minting a token: %d, want 403", s)
		}
	})
}

// TestAttackBearerDatabaseDown: with the database gone, a good token is answered 503 with
// Retry-After (try again), not 401 (which tells a client to throw its token away).
func TestAttackBearerDatabaseDown(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "front")
		a.DB.Close()
		resp, _ := c.api(t, "GET", "/api/v1/me", "")
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("database down: %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	})
}

// TestAttackOpenRedirectAfterSignIn: staff and citizen sign-in never redirect off the site.
func TestAttackOpenRedirectAfterSignIn(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		for _, next := range []string{`/\evil.example`, "/%5Cevil.example", "/\t/evil.example", "/\n/evil.example", "//evil", "https://evil", `/	\evil`} {
			b := signinBrowser(srv)
			_, loc, _ := b.signinSend(t, "/login", url.Values{"login": {"front"}, "password": {demo.Password}, "next": {next}})
			if loc != "/" {
				t.Errorf("staff sign-in with next=%q went to %q", next, loc)
			}
			b = signinBrowser(srv)
			b.signinSend(t, "/e-social/login?next="+url.QueryEscape(next), nil)
			_, loc, _ = b.signinSend(t, "/e-social/login", url.Values{"fin": {fin}})
			if loc != "/e-social" {
				t.Errorf("citizen sign-in with next=%q went to %q", next, loc)
			}
		}
		b := signinBrowser(srv)
		_, loc, _ := b.signinSend(t, `/persons/%5Cevil.example`, nil)
		if u, err := url.Parse(loc); err != nil || strings.Contains(u.Query().Get("next"), `\`) {
			t.Errorf("sign-in redirect carries next %q", loc)
		}
	})
}
