package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
)

// TestErrorsArePages: a page the role may not open, a path that does not exist and a method a
// page does not take are answered with a page in the user's language, with the layout and a
// way back — and under /api/ with a Problem — not with the server's plain text.
func TestErrorsArePages(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		front := login(t, srv, a, "front")
		for _, c := range []struct {
			method, path string
			status       int
			says         string
		}{
			{http.MethodGet, "/admin/users", http.StatusForbidden, "Bu əməliyyat üçün icazəniz yoxdur."},
			{http.MethodGet, "/no/such/page", http.StatusNotFound, "Tapılmadı."},
			{http.MethodDelete, "/payroll", http.StatusMethodNotAllowed, "Bu ünvan belə sorğunu qəbul etmir."},
		} {
			req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
			resp, err := front.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(b)
			if resp.StatusCode != c.status || !strings.Contains(page, c.says) || !strings.Contains(page, `<nav`) ||
				!strings.Contains(page, "Başlanğıc səhifəyə qayıt") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s %s: %d %s\n%s", c.method, c.path, resp.StatusCode, resp.Header.Get("Content-Type"), page)
			}
			if c.status == http.StatusMethodNotAllowed && !strings.Contains(resp.Header.Get("Allow"), "GET") {
				t.Errorf("405 without Allow: %q", resp.Header.Get("Allow"))
			}
		}
		resp, body := front.api(t, http.MethodGet, "/api/v1/no-such-thing", "", "Accept-Language", "ru")
		if resp.StatusCode != http.StatusNotFound || body["detail"] != "Не найдено." || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("API 404: %d %s %v", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		// the mux's own redirect to a clean path is left alone
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/static", nil)
		if resp, err := front.Do(req); err != nil || resp.StatusCode/100 != 3 || resp.Header.Get("Location") != "/static/" {
			t.Errorf("/static: %v %v", resp.Status, err)
		}
	})
}
