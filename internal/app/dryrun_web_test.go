package app_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
)

// TestDryRunPageFollowsTheRun starts a dry run from the programme page: the analyst is sent
// to a page that follows it in the background and shows the tallies when it is done.
func TestDryRunPageFollowsTheRun(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		c.page(t, http.MethodGet, "/programs/TSSA/rules/1/dry-run", nil, http.StatusSeeOther) // nothing started yet
		loc := c.page(t, http.MethodPost, "/programs/TSSA/rules/1/dry-run", nil, http.StatusSeeOther)
		if loc != "/programs/TSSA/rules/1/dry-run" {
			t.Fatalf("redirected to %q", loc)
		}
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			body := c.page(t, http.MethodGet, loc, nil, http.StatusOK)
			if !strings.Contains(body, `id="dry-run"`) {
				t.Fatalf("the page shows no dry run:\n%s", body)
			}
			if strings.Contains(body, "<progress") {
				if !strings.Contains(body, `hx-trigger="every 1s"`) || time.Now().After(deadline) {
					t.Fatalf("the run is not followed or never ends:\n%s", body)
				}
				continue
			}
			if !strings.Contains(body, "<td>TSSA v1</td>") || !strings.Contains(body, "haldan") {
				t.Fatalf("no tally on the finished page:\n%s", body)
			}
			break
		}
		if body := c.page(t, http.MethodPost, "/programs/TSSA/rules/99/dry-run", nil, http.StatusSeeOther); body == "" {
			t.Fatal("no redirect")
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			resp, err := c.Get(srv.URL + "/programs/TSSA/rules/99/dry-run")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound {
				break
			}
			if resp.StatusCode != http.StatusOK || time.Now().After(deadline) {
				t.Fatalf("a dry run of a missing version: %s", resp.Status)
			}
		}
	})
}
