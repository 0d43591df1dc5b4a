package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
)

// browser is a client with a cookie jar that does not follow redirects.
func accBrowser(srv *httptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
}

// form posts a form and returns the status and the page.
func (c *client) accPost(t *testing.T, path string, v url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(c.base+path, v)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

// page gets a page and returns the status and the page.
func (c *client) accGet(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := c.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

var accCodeRE = regexp.MustCompile(`[A-HJ-NP-Z2-9]{12}`)

// outboxCode is the activation code last sent to address: read from the outbox, the only
// place it goes.
func accOutboxCode(t *testing.T, a *app.App, address string) string {
	t.Helper()
	var body string
	a.DB.QueryRow(`SELECT body FROM notifications WHERE address = $1 AND dedup_key LIKE 'secret:activation:%' ORDER BY id DESC LIMIT 1`, address).Scan(&body)
	code := accCodeRE.FindString(body)
	if code == "" {
		t.Fatalf("no activation code sent to %s: %q", address, body)
	}
	return code
}

// activate signs in with login and code and sets password, as the account's owner does.
func accActivate(t *testing.T, srv *httptest.Server, login, code, password string) *client {
	t.Helper()
	c := accBrowser(srv)
	if st, page := c.accPost(t, "/login", url.Values{"login": {login}, "password": {code}}); st != 200 || !strings.Contains(page, `action="/activate"`) {
		t.Fatalf("sign-in with the code: %d", st)
	}
	if st, _ := c.accPost(t, "/activate", url.Values{"login": {login}, "code": {code}, "password": {password}, "repeat": {password}}); st != 200 {
		t.Fatalf("activate: %d", st)
	}
	if st, _ := c.accPost(t, "/login", url.Values{"login": {login}, "password": {password}}); st != http.StatusSeeOther {
		t.Fatalf("sign-in with the new password: %d", st)
	}
	return c
}

// TestAttackAdminCannotChooseOrSeePassword: an administrator creating an account through the
// API or the page cannot set its password, and the activation code reaches only the outbox —
// not the API answer, the page, the audit log or the server log. The owner sets the password
// with the code, once; an expired or used code opens nothing.
func TestAttackAdminCannotChooseOrSeePassword(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		admin := login(t, srv, a, "admin")
		resp, body := admin.api(t, "POST", "/api/v1/users", `{"login":"mallory","full_name":"M","phone":"+994501110001","password":"chosen-by-admin-2026","grants":[{"role":"front_office","institution_id":3}]}`)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(toJSON(body), "body.password") {
			t.Fatalf("an account with a password chosen by the admin: %d %v", resp.StatusCode, body)
		}
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"mallory"}, "password": {"chosen-by-admin-2026"}}); st == http.StatusSeeOther {
			t.Fatal("the admin's chosen password signs in")
		}
		resp, body = admin.api(t, "POST", "/api/v1/users", `{"login":"nigar","full_name":"Nigar Əliyeva","phone":"+994 50 222 33 44","grants":[{"role":"front_office","institution_id":3}]}`)
		if resp.StatusCode != http.StatusCreated || body["pending_activation"] != true || body["contact"] != "+99***44" {
			t.Fatalf("create: %d %v", resp.StatusCode, body)
		}
		code := accOutboxCode(t, a, "+994502223344")
		if strings.Contains(toJSON(body), code) {
			t.Fatal("the API answer carries the code")
		}
		st, page := admin.accPost(t, "/admin/users", url.Values{"login": {"rashad"}, "full_name": {"Rəşad"}, "email": {"rashad@example.az"},
			"password": {"chosen-by-admin-2026"}, "role": {"social_worker"}, "institution": {"5"}})
		if st != http.StatusSeeOther {
			t.Fatalf("create on the page: %d", st)
		}
		code2 := accOutboxCode(t, a, "rashad@example.az")
		_, page = admin.accGet(t, "/admin/users")
		_, grants := admin.accGet(t, "/admin/grants")
		var audit strings.Builder
		rows, _ := a.DB.Query(`SELECT action || ' ' || entity || ' ' || entity_id || ' ' || detail FROM audit_log`)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			audit.WriteString(s + "\n")
		}
		rows.Close()
		for where, text := range map[string]string{"users page": page, "grants page": grants, "audit log": audit.String(), "server log": logs.String()} {
			if strings.Contains(text, code) || strings.Contains(text, code2) {
				t.Errorf("the %s carries an activation code", where)
			}
		}
		if !strings.Contains(page, "nigar") || !strings.Contains(audit.String(), `create user nigar {"key":"activation_sent","args":{"Address":{"text":"+99***44"},"Channel":{"word":"audit.channel.sms"}}}`) {
			t.Fatalf("the account or its audit row is missing:\n%s", audit.String())
		}
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"rashad"}, "password": {"chosen-by-admin-2026"}}); st == http.StatusSeeOther {
			t.Fatal("the password typed on the admin's form signs in")
		}

		// the owner: weak passwords refused field by field, then a good one, once
		owner := accBrowser(srv)
		owner.accPost(t, "/login", url.Values{"login": {"nigar"}, "password": {strings.ToLower(code[:4]) + "-" + code[4:]}})
		for pw, key := range map[string]string{"short": "ən azı 12", "qwerty123456": "geniş yayılıb", "Password2024!": "geniş yayılıb", "nigar-is-the-best": "istifadəçi adınız"} {
			st, page := owner.accPost(t, "/activate", url.Values{"login": {"nigar"}, "code": {code}, "password": {pw}, "repeat": {pw}})
			if st != http.StatusUnprocessableEntity || !strings.Contains(page, key) || strings.Contains(page, pw) {
				t.Errorf("password %q: %d, want a message with %q and the password not echoed", pw, st, key)
			}
		}
		nigar := accActivate(t, srv, "nigar", code, "long enough and mine")
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"nigar"}, "password": {code}}); st != http.StatusUnauthorized {
			t.Fatalf("a used code signs in again: %d", st)
		}
		// the grant is not approved yet: signed in, but no access
		if st, _ := nigar.accGet(t, "/persons"); st != http.StatusForbidden {
			t.Fatalf("an unapproved grant gives access: %d", st)
		}

		// an expired code opens nothing
		a.DB.Exec(`UPDATE user_activations SET expires_at = $1 WHERE used_at IS NULL`, time.Now().Add(-time.Minute))
		if st, page := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"rashad"}, "password": {code2}}); st != http.StatusUnauthorized || strings.Contains(page, "/activate") {
			t.Fatalf("an expired code: %d", st)
		}
		// reset: a new code to the owner, the old password void
		resp, _ = admin.api(t, "POST", "/api/v1/users/nigar/reset", "")
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("reset: %d", resp.StatusCode)
		}
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"nigar"}, "password": {"long enough and mine"}}); st != http.StatusUnauthorized {
			t.Fatalf("the password survives a reset: %d", st)
		}
		if st, _ := nigar.accGet(t, "/account/password"); st != http.StatusSeeOther {
			t.Fatalf("a session survives a reset: %d", st)
		}
		accActivate(t, srv, "nigar", accOutboxCode(t, a, "+994502223344"), "another long one of mine")
	})
}

// TestAttackGrantsNeedSecondAdmin: a role grant gives no access until a second administrator
// approves it; nobody grants themselves a role or approves their own request; roles that
// together would defeat separation of duties are refused when asked and when approved.
func TestAttackGrantsNeedSecondAdmin(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		admin, admin2 := login(t, srv, a, "admin"), login(t, srv, a, "admin2")
		resp, body := admin.api(t, "POST", "/api/v1/grants", `{"login":"admin","role":"finance_officer","institution_id":2}`)
		if resp.StatusCode != 422 || !strings.Contains(toJSON(body), "accounts.grant_self") {
			t.Fatalf("self-grant: %d %v", resp.StatusCode, body)
		}
		resp, _ = admin.api(t, "POST", "/api/v1/users", `{"login":"payer","full_name":"P","email":"payer@example.az","grants":[{"role":"finance_officer","institution_id":2}]}`)
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		payer := accActivate(t, srv, "payer", accOutboxCode(t, a, "payer@example.az"), "pay me twice please")
		if st, _ := payer.accGet(t, "/payroll"); st != http.StatusForbidden {
			t.Fatalf("payroll before approval: %d", st)
		}
		resp, body = admin.api(t, "POST", "/api/v1/grants", `{"login":"payer","role":"back_office","institution_id":2}`, "Accept-Language", "en")
		if resp.StatusCode != 422 || !strings.Contains(toJSON(body), "Back-office officer") {
			t.Fatalf("back office + finance (pending) asked: %d %v", resp.StatusCode, body)
		}
		_, list := admin2.api(t, "GET", "/api/v1/grants", "")
		items, _ := list["items"].([]any)
		var id string
		for _, it := range items {
			if g := it.(map[string]any); g["login"] == "payer" {
				id = g["id"].(string)
				if g["requested_by"] != "admin" || g["role"] != "finance_officer" || g["institution_id"] != float64(2) {
					t.Fatalf("queue row: %v", g)
				}
			}
		}
		if resp, body := admin.api(t, "POST", "/api/v1/grants/"+id+"/approve", ""); resp.StatusCode != 422 || !strings.Contains(toJSON(body), "accounts.grant_own") {
			t.Fatalf("self-approval: %d %v", resp.StatusCode, body)
		}
		// an administrator of SSPF only may not approve for the ministry above it
		if _, err := a.Identity.CreateUser(ctx, identity.NewUser{Login: "sspfadmin", FullName: "S", Password: demo.Password, Grants: []authz.Grant{{Role: authz.Admin, InstitutionID: 2}}}); err != nil {
			t.Fatal(err)
		}
		resp, _ = admin.api(t, "POST", "/api/v1/users", `{"login":"minister","full_name":"M","email":"m@example.az","grants":[{"role":"analyst","institution_id":1}]}`)
		sspfAdmin := login(t, srv, a, "sspfadmin")
		_, list = sspfAdmin.api(t, "GET", "/api/v1/grants", "")
		if strings.Contains(toJSON(list), "minister") {
			t.Fatal("an SSPF administrator sees the ministry's grants")
		}
		var ministerGrant string
		a.DB.QueryRow(`SELECT g.uuid FROM grant_requests g JOIN users u ON u.id = g.user_id WHERE u.login = 'minister'`).Scan(&ministerGrant)
		if resp, _ := sspfAdmin.api(t, "POST", "/api/v1/grants/"+ministerGrant+"/approve", ""); resp.StatusCode != 404 {
			t.Fatalf("an SSPF administrator approved a ministry grant: %d", resp.StatusCode)
		}
		if resp, _ := admin2.api(t, "POST", "/api/v1/grants/"+id+"/approve", ""); resp.StatusCode != 204 {
			t.Fatalf("approval: %d", resp.StatusCode)
		}
		if st, _ := payer.accGet(t, "/payroll"); st != http.StatusOK {
			t.Fatalf("payroll after approval: %d", st)
		}
		// approval-time check: a conflicting request that reached the queue is refused
		g := identity.GrantRequest{UserID: accUser(t, a, "payer"), Role: authz.BackOffice, InstitutionID: 2, RequestedAt: time.Now()}
		if err := a.IdentityStore.RequestGrant(ctx, &g); err != nil {
			t.Fatal(err)
		}
		if resp, body := admin2.api(t, "POST", "/api/v1/grants/"+g.UUID+"/approve", "", "Accept-Language", "ru"); resp.StatusCode != 422 || !strings.Contains(toJSON(body), "Финансовый сотрудник") {
			t.Fatalf("back office approved on a finance account: %d %v", resp.StatusCode, body)
		}
		if resp, _ := admin2.api(t, "POST", "/api/v1/grants/"+g.UUID+"/reject", `{"reason":"separation of duties"}`); resp.StatusCode != 204 {
			t.Fatalf("reject: %d", resp.StatusCode)
		}
		// the page: a request and its refusal on the admin's own queue
		if st, page := admin.accPost(t, "/admin/grants", url.Values{"login": {"payer"}, "role": {"auditor"}, "institution": {"1"}}); st != 422 || !strings.Contains(page, "Auditor") {
			t.Fatalf("auditor + finance on the page: %d", st)
		}
		// less access needs no second pair of eyes
		if resp, _ := admin.api(t, "POST", "/api/v1/users/payer/revoke", `{"role":"finance_officer","institution_id":2}`); resp.StatusCode != 204 {
			t.Fatalf("revoke: %d", resp.StatusCode)
		}
		if st, _ := payer.accGet(t, "/payroll"); st != http.StatusForbidden {
			t.Fatalf("payroll after revocation: %d", st)
		}
		var n int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'grant' AND action IN ('request', 'approve', 'reject', 'revoke')`).Scan(&n)
		if n < 5 {
			t.Fatalf("%d grant events audited", n)
		}
	})
}

func accUser(t *testing.T, a *app.App, login string) int64 {
	t.Helper()
	u, err := a.IdentityStore.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestAttackUsersBeyondTheFirstHundred: with more than 100 accounts, the 101st is listed on the
// next page and can be disabled and enabled through the page and the API.
func TestAttackUsersBeyondTheFirstHundred(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		for i := 0; i < 105; i++ {
			u := identity.User{UUID: fmt.Sprintf("00000000-0000-7000-8000-%012d", i), Login: fmt.Sprintf("a%03d", i), FullName: "Bulk",
				PasswordHash: "x", Lang: "az", Active: true, CreatedAt: time.Now(), Grants: []authz.Grant{{Role: authz.Analyst, InstitutionID: 1}}}
			if err := a.IdentityStore.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
		}
		admin := login(t, srv, a, "admin")
		_, first := admin.api(t, "GET", "/api/v1/users", "")
		items := first["items"].([]any)
		if len(items) != 100 || first["next"] != "a099" {
			t.Fatalf("first page: %d items, next %v", len(items), first["next"])
		}
		_, second := admin.api(t, "GET", "/api/v1/users?after=a099", "")
		if !strings.Contains(toJSON(second), `"login":"a100"`) {
			t.Fatalf("second page: %v", second)
		}
		_, page := admin.accGet(t, "/admin/users")
		if strings.Contains(page, ">a100<") || !strings.Contains(page, "/admin/users?after=a099") {
			t.Fatal("the first page does not end at 100 with a link to the next")
		}
		_, page = admin.accGet(t, "/admin/users?after=a099")
		id := accUser(t, a, "a100")
		if !strings.Contains(page, fmt.Sprintf("/admin/users/%d/active", id)) {
			t.Fatal("the 101st account is not on the second page")
		}
		if st, _ := admin.accPost(t, fmt.Sprintf("/admin/users/%d/active", id), nil); st != http.StatusSeeOther {
			t.Fatalf("disable the 101st on the page: %d", st)
		}
		if u, _ := a.IdentityStore.UserByLogin(ctx, "a100"); u.Active {
			t.Fatal("the 101st is still active")
		}
		if resp, _ := admin.api(t, "POST", "/api/v1/users/a101/disable", ""); resp.StatusCode != 204 {
			t.Fatalf("disable through the API: %d", resp.StatusCode)
		}
		if resp, _ := admin.api(t, "POST", "/api/v1/users/a100/enable", ""); resp.StatusCode != 204 {
			t.Fatalf("enable through the API: %d", resp.StatusCode)
		}
		a100, _ := a.IdentityStore.UserByLogin(ctx, "a100")
		a101, _ := a.IdentityStore.UserByLogin(ctx, "a101")
		if !a100.Active || a101.Active {
			t.Fatalf("a100 active %v, a101 active %v", a100.Active, a101.Active)
		}
		if resp, _ := admin.api(t, "POST", "/api/v1/users/admin/disable", ""); resp.StatusCode != 403 {
			t.Fatalf("an admin disabled themselves: %d", resp.StatusCode)
		}
	})
}

// TestOwnPasswordAndIdleSweep: a staff member changes their own password (the old one stops
// working; a common one is refused), and the sweep disables accounts unused for 90 days and
// accounts never activated whose code expired, as "system".
func TestOwnPasswordAndIdleSweep(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		c := login(t, srv, a, "analyst")
		if st, page := c.accGet(t, "/account/password"); st != 200 || !strings.Contains(page, `name="current"`) {
			t.Fatalf("password page: %d", st)
		}
		if st, page := c.accPost(t, "/account/password", url.Values{"current": {"wrong"}, "password": {"a fine new password"}, "repeat": {"a fine new password"}}); st != 422 || !strings.Contains(page, "current password is wrong") && !strings.Contains(page, "Hazırkı şifrə yanlışdır") {
			t.Fatalf("wrong current password: %d", st)
		}
		resp, body := c.api(t, "POST", "/api/v1/me/password", `{"current":"`+demo.Password+`","password":"1qaz2wsx3edc","repeat":"1qaz2wsx3edc"}`)
		if resp.StatusCode != 422 || !strings.Contains(toJSON(body), "accounts.password_common") {
			t.Fatalf("common password: %d %v", resp.StatusCode, body)
		}
		resp, body = c.api(t, "POST", "/api/v1/me/password", `{"current":"`+demo.Password+`","password":"a fine new password","repeat":"a fine new passwore"}`)
		if resp.StatusCode != 422 || !strings.Contains(toJSON(body), "body.repeat") {
			t.Fatalf("mismatch: %d %v", resp.StatusCode, body)
		}
		if st, _ := c.accPost(t, "/account/password", url.Values{"current": {demo.Password}, "password": {"a fine new password"}, "repeat": {"a fine new password"}}); st != http.StatusSeeOther {
			t.Fatalf("change: %d", st)
		}
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"analyst"}, "password": {demo.Password}}); st != http.StatusUnauthorized {
			t.Fatalf("the old password still works: %d", st)
		}
		if st, _ := accBrowser(srv).accPost(t, "/login", url.Values{"login": {"analyst"}, "password": {"a fine new password"}}); st != http.StatusSeeOther {
			t.Fatalf("the new password does not work: %d", st)
		}

		// the sweep
		for _, n := range []identity.NewUser{
			{Login: "idle", FullName: "I", Contact: identity.Contact{Email: "idle@example.az"}, Grants: []authz.Grant{{Role: authz.Analyst, InstitutionID: 1}}},
			{Login: "busy", FullName: "B", Contact: identity.Contact{Email: "busy@example.az"}, Grants: []authz.Grant{{Role: authz.Analyst, InstitutionID: 1}}},
			{Login: "never", FullName: "N", Contact: identity.Contact{Email: "never@example.az"}, Grants: []authz.Grant{{Role: authz.Analyst, InstitutionID: 1}}},
			{Login: "fresh", FullName: "F", Contact: identity.Contact{Email: "fresh@example.az"}, Grants: []authz.Grant{{Role: authz.Analyst, InstitutionID: 1}}},
		} {
			if _, err := a.Identity.CreateUser(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now().UTC()
		a.DB.Exec(`UPDATE users SET password_hash = 'set', enabled_at = $1, last_login_at = $2 WHERE login = 'idle'`, now.AddDate(0, -6, 0), now.AddDate(0, 0, -91))
		a.DB.Exec(`UPDATE users SET password_hash = 'set', enabled_at = $1, last_login_at = $2 WHERE login = 'busy'`, now.AddDate(0, -6, 0), now.AddDate(0, 0, -10))
		a.DB.Exec(`UPDATE users SET enabled_at = $1 WHERE login = 'never'`, now.AddDate(0, 0, -4))
		a.DB.Exec(`UPDATE user_activations SET expires_at = $1 WHERE user_id = $2`, now.Add(-time.Hour), accUser(t, a, "never"))
		n, err := a.Identity.DisableIdle(ctx, 90)
		if err != nil || n != 2 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		for login, want := range map[string]bool{"idle": false, "busy": true, "never": false, "fresh": true, "admin": true} {
			if u, _ := a.IdentityStore.UserByLogin(ctx, login); u.Active != want {
				t.Errorf("%s active %v, want %v", login, u.Active, want)
			}
		}
		var actor string
		a.DB.QueryRow(`SELECT actor_login FROM audit_log WHERE entity = 'user' AND entity_id = 'idle' ORDER BY id DESC LIMIT 1`).Scan(&actor)
		if actor != "system" {
			t.Fatalf("sweep audited as %q", actor)
		}
		if n, _ := a.Identity.DisableIdle(ctx, 90); n != 0 {
			t.Fatalf("a second sweep disabled %d", n)
		}
		// enabling again restarts the clock
		if err := a.Identity.SetActive(ctx, accUser(t, a, "idle"), true); err != nil {
			t.Fatal(err)
		}
		if n, _ := a.Identity.DisableIdle(ctx, 90); n != 0 {
			t.Fatalf("a re-enabled account was swept again: %d", n)
		}
	})
}

// TestAttackActivationFlood: /activate is public; a stranger who knows a pending login must
// not be able to try codes (or burn the owner's) as fast as they like from one address.
// (Found by review after the merge of #10.)
func TestAttackActivationFlood(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		limited := 0
		for i := 0; i < 30; i++ {
			resp, err := http.PostForm(srv.URL+"/activate", url.Values{"login": {"nobody"}, "code": {"AAAAAAAAAAAA"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("30 activation attempts from one address were all let through")
		}
	})
}

// TestAttackIncompatibleGrantsRace: two requests for one account — back office and finance,
// which no account may hold together — approved at the same moment; at most one takes
// effect. The service checks before the store writes, without a lock; the store checks again
// under a lock on the account. (Found by review after the merge of #10.)
func TestAttackIncompatibleGrantsRace(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		ctx := context.Background()
		u, err := a.IdentityStore.UserByLogin(ctx, "employment")
		if err != nil {
			t.Fatal(err)
		}
		admin, _ := a.IdentityStore.UserByLogin(ctx, "admin")
		var reqs []identity.GrantRequest
		for i, role := range []authz.Role{authz.BackOffice, authz.FinanceOfficer} {
			g := identity.GrantRequest{UUID: fmt.Sprintf("00000000-0000-7000-8000-00000000000%d", i), UserID: u.ID, Role: role,
				InstitutionID: u.Grants[0].InstitutionID, RequestedBy: admin.ID, RequestedAt: time.Now()}
			if err := a.IdentityStore.RequestGrant(ctx, &g); err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, g)
		}
		var wg sync.WaitGroup
		for _, g := range reqs {
			wg.Add(1)
			go func(g identity.GrantRequest) {
				defer wg.Done()
				g.Status, g.DecidedAt = identity.GrantApproved, time.Now()
				a.IdentityStore.DecideGrant(ctx, g)
			}(g)
		}
		wg.Wait()
		u, _ = a.IdentityStore.UserByLogin(ctx, "employment")
		var back, fin bool
		for _, g := range u.Grants {
			back = back || g.Role == authz.BackOffice
			fin = fin || g.Role == authz.FinanceOfficer
		}
		if back && fin {
			t.Fatal("an account holds back office and finance together after two approvals raced")
		}
	})
}
