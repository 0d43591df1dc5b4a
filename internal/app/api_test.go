package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/audit"
)

func TestPersonAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "officer")
		var fin, last string
		a.DB.QueryRow(`SELECT fin, last_name FROM persons WHERE last_name LIKE 'Məmmədov%' ORDER BY id LIMIT 1`).Scan(&fin, &last)

		for _, q := range []string{"Mammadov", "Mamedov", "Мамедов", "MƏMMƏDOV"} {
			resp, body := c.api(t, "GET", "/api/v1/persons?limit=200&q="+url.QueryEscape(q), "")
			if resp.StatusCode != 200 || !strings.Contains(toJSON(body), fin) && body["next"] == nil {
				t.Errorf("search %q: %d, %v items", q, resp.StatusCode, len(body["items"].([]any)))
			}
		}
		resp, person := c.api(t, "GET", "/api/v1/persons/"+fin, "")
		if resp.StatusCode != 200 || person["last_name"] != last || resp.Header.Get("ETag") != `"1"` {
			t.Fatalf("get: %d %v %s", resp.StatusCode, person, resp.Header.Get("ETag"))
		}

		resp, prob := c.api(t, "PATCH", "/api/v1/persons/"+fin, `{"version":1,"fields":{"phone":"12","iban":"AZ00"}}`, "Accept-Language", "ru")
		errs, _ := prob["errors"].([]any)
		if resp.StatusCode != 422 || len(errs) != 2 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("invalid patch: %d %v %s", resp.StatusCode, prob, resp.Header.Get("Content-Type"))
		}
		if first := errs[0].(map[string]any); first["location"] != "body.fields.phone" || !strings.Contains(first["message"].(string), "Телефон") {
			t.Fatalf("field error not in Russian: %v", first)
		}

		resp, _ = c.api(t, "PATCH", "/api/v1/persons/"+fin, `{"version":1,"fields":{"phone":"+994 50 111 22 33"}}`)
		if resp.StatusCode != 200 {
			t.Fatalf("patch: %d", resp.StatusCode)
		}
		resp, prob = c.api(t, "PATCH", "/api/v1/persons/"+fin, `{"version":1,"fields":{"phone":"+994 50 444 55 66"}}`)
		if resp.StatusCode != 409 || prob["key"] != "error.conflict" {
			t.Fatalf("stale patch: %d %v", resp.StatusCode, prob)
		}
		_, hist := c.api(t, "GET", "/api/v1/persons/"+fin+"/history", "")
		items := hist["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["new"] != "+994501112233" || items[0].(map[string]any)["actor"] != "officer" {
			t.Fatalf("history: %v", hist)
		}
		if resp, _ := c.api(t, "GET", "/api/v1/persons/NOPE123", ""); resp.StatusCode != 404 {
			t.Fatalf("missing person: %d", resp.StatusCode)
		}
		if resp, _ := c.api(t, "GET", "/api/v1/persons/bad", ""); resp.StatusCode != 422 {
			t.Fatalf("bad FIN: %d", resp.StatusCode)
		}
		if l := logs.String(); !strings.Contains(l, `"route":"GET /api/v1/persons/{fin}"`) || strings.Contains(l, fin) || strings.Contains(l, last) {
			t.Fatalf("the request log is missing or carries personal data: %s", l)
		}
		res, err := a.Audit.Verify(context.Background(), audit.VerifyOptions{})
		if err != nil || res.Broken != nil || res.Rows < 5 {
			t.Fatalf("audit after API use: %+v %v", res, err)
		}
	})
}

func TestLoginThrottleAndHeaders(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		post := func(pw string) int {
			resp, err := noRedirect.PostForm(srv.URL+"/login", url.Values{"login": {"front"}, "password": {pw}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		for i := 0; i < 5; i++ {
			if s := post("wrong"); s != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, s)
			}
		}
		if s := post(demo.Password); s != http.StatusTooManyRequests {
			t.Fatalf("sixth attempt with the right password: %d, want 429", s)
		}
		resp, err := http.Get(srv.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-Request-ID"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("missing header %s", h)
			}
		}
		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "dost_http_requests_total", "/openapi.json": `"openapi":"3.1`, "/api/docs": "/api/v1/persons/{fin}"} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b := new(strings.Builder)
			_, _ = readAll(b, resp)
			if resp.StatusCode != 200 || !strings.Contains(b.String(), want) {
				t.Errorf("%s: %d, want %q in body", path, resp.StatusCode, want)
			}
		}
	})
}

func TestCrossSiteFormIsRefused(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "officer")
		req, _ := http.NewRequest("POST", srv.URL+"/persons/AAAAAAA/edit", strings.NewReader("version=1&phone=0501112233"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
		}
	})
}

func TestHouseholdAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "social")
		for _, fin := range []string{"9HH0001", "9HH0002"} {
			resp, body := c.api(t, "POST", "/api/v1/persons", `{"fin":"`+fin+`","fields":{"last_name":"Rzayev","first_name":"Tural","sex":"M","birth_date":"1985-02-03","reg_place_id":"10301"}}`)
			if resp.StatusCode != 201 || body["reg_district_id"] != float64(103) {
				t.Fatalf("create %s: %d %v", fin, resp.StatusCode, body)
			}
		}
		resp, hh := c.api(t, "POST", "/api/v1/households", `{"head_fin":"9HH0001","place_id":10301,"address":"Xətai pr. 1"}`)
		if resp.StatusCode != 201 {
			t.Fatalf("create household: %d %v", resp.StatusCode, hh)
		}
		id := hh["uuid"].(string)
		resp, hh = c.api(t, "PUT", "/api/v1/households/"+id+"/members/9HH0002", `{"version":1,"relationship":"sibling"}`)
		if resp.StatusCode != 200 || len(hh["members"].([]any)) != 2 {
			t.Fatalf("add member: %d %v", resp.StatusCode, hh)
		}
		if resp, _ := c.api(t, "PUT", "/api/v1/households/"+id+"/members/9HH0002", `{"version":1,"relationship":"head"}`); resp.StatusCode != 409 {
			t.Fatalf("stale member change: %d", resp.StatusCode)
		}
		if resp, p := c.api(t, "DELETE", "/api/v1/households/"+id+"/members/9HH0001?version=2", ""); resp.StatusCode != 422 {
			t.Fatalf("removing the head: %d %v", resp.StatusCode, p)
		}
		resp, body := c.api(t, "POST", "/api/v1/persons/9HH0002/categories", `{"code":"war_veteran","evidence":"Vəsiqə №1","source":"manual","valid_from":"2021-01-15"}`)
		if resp.StatusCode != 201 || body["code"] != "war_veteran" {
			t.Fatalf("add category: %d %v", resp.StatusCode, body)
		}
		resp, body = c.api(t, "GET", "/api/v1/places?parent=1", "")
		if resp.StatusCode != 200 || len(body["items"].([]any)) != 12 {
			t.Fatalf("Baku's districts: %d %v", resp.StatusCode, body)
		}
	})
}
