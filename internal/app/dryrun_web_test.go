package app_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
)

// TestDryRunPageFollowsTheRun starts a dry run from the programme page: the analyst is sent
// to the run's own page, which follows it in the background and shows the tallies when it is
// done; the programme page keeps it on record. A run whose server stopped reads as
// interrupted, with a way to run it again.
func TestDryRunPageFollowsTheRun(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		workJobs(t, a) // dry runs run as jobs, as on a serving node
		c := login(t, srv, a, "analyst")
		loc := c.page(t, http.MethodPost, "/programs/TSSA/rules/1/dry-run", nil, http.StatusSeeOther)
		if !regexp.MustCompile(`^/programs/TSSA/dry-runs/\d+$`).MatchString(loc) {
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
		page := c.page(t, http.MethodGet, "/programs/TSSA", nil, http.StatusOK)
		if !strings.Contains(page, `href="`+loc+`"`) || !strings.Contains(page, "hazırdır") || !strings.Contains(page, ">analyst<") {
			t.Fatalf("the programme page does not keep the run on record:\n%s", page)
		}
		// When the run started is in the reader's form (az: 01.12.2026 11:20), not ISO.
		if iso := regexp.MustCompile(`<td>\d{4}-\d{2}-\d{2} \d{2}:\d{2}</td>`).FindString(page); iso != "" {
			t.Errorf("the run's start is written the machine's way: %s", iso)
		}

		if body := c.page(t, http.MethodPost, "/programs/TSSA/rules/99/dry-run", nil, http.StatusNotFound); !strings.Contains(body, `class="error"`) {
			t.Fatalf("a dry run of a missing version:\n%s", body)
		}
		c.page(t, http.MethodGet, "/programs/DISABILITY/"+strings.TrimPrefix(loc, "/programs/TSSA/"), nil, http.StatusNotFound)

		// its job is over but the run has no outcome: the node stopped before writing it
		a.DB.Exec(`UPDATE dry_runs SET status = 'running', result = ''`)
		body := c.page(t, http.MethodGet, loc, nil, http.StatusOK)
		if strings.Contains(body, "<progress") || !strings.Contains(body, "dayandırılıb") || !strings.Contains(body, `action="/programs/TSSA/rules/1/dry-run"`) {
			t.Fatalf("an interrupted run:\n%s", body)
		}
	})
}

// TestDryRunAPI starts a recorded dry run through the API, follows it at the address it was
// given until it is done, and finds it in the programme's list.
func TestDryRunAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		workJobs(t, a) // dry runs run as jobs, as on a serving node
		c := login(t, srv, a, "analyst")
		resp, body := c.api(t, http.MethodPost, "/api/v1/programs/TSSA/rules/1/dry-runs", `{"date": "2026-11-01"}`)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusAccepted || body["status"] != "running" && body["status"] != "done" ||
			!regexp.MustCompile(`^/api/v1/programs/TSSA/dry-runs/\d+$`).MatchString(loc) {
			t.Fatalf("start: %d %s %v", resp.StatusCode, loc, body)
		}
		for deadline := time.Now().Add(30 * time.Second); body["status"] != "done"; time.Sleep(50 * time.Millisecond) {
			if resp, body = c.api(t, http.MethodGet, loc, ""); resp.StatusCode != http.StatusOK || time.Now().After(deadline) {
				t.Fatalf("follow: %d %v", resp.StatusCode, body)
			}
		}
		result, _ := body["result"].(map[string]any)
		if body["percent"] != float64(100) || body["day"] != "2026-11-01" || result == nil || result["cases"].(float64) == 0 {
			t.Fatalf("done: %v", body)
		}
		if _, list := c.api(t, http.MethodGet, "/api/v1/programs/TSSA/dry-runs", ""); len(list["items"].([]any)) != 1 {
			t.Fatalf("list: %v", list)
		}
		if resp, _ := c.api(t, http.MethodPost, "/api/v1/programs/TSSA/rules/1/dry-runs", `{"date": "1 November"}`); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad date: %d", resp.StatusCode)
		}
		if resp, _ := c.api(t, http.MethodPost, "/api/v1/programs/TSSA/rules/9/dry-runs", `{}`); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("a missing version: %d", resp.StatusCode)
		}
	})
}
