package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

// workJobs starts the app's River client, as Serve does.
func workJobs(t *testing.T, a *app.App) {
	t.Helper()
	if err := a.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Jobs.Stop(10 * time.Second); err != nil {
			t.Error(err)
		}
	})
}

// TestPreparationIsAJob: starting a preparation answers at once with the new cycle (its row
// and its job written in one transaction); a node working the jobs prepares it, and the run
// record shows who started it, how far it went and how it ended. Cancelling it needs the
// payment permission in the programme's institution.
func TestPreparationIsAJob(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if err := demo.GenerateEntitlements(context.Background(), a.DB, 300, clock.Today(a.Config.Clock), nil); err != nil {
			t.Fatal(err)
		}
		fin := login(t, srv, a, "finance")
		resp, body := fin.api(t, http.MethodPost, "/api/v1/payroll/cycles", `{"program": "TSSA", "period": "2026-11"}`)
		if resp.StatusCode != http.StatusAccepted || body["status"] != "preparing" {
			t.Fatalf("start: %s %v", resp.Status, body)
		}
		id := int64(body["id"].(float64))
		run, err := a.Payroll.Run(context.Background(), mustCycle(t, a, id))
		if err != nil || run.State != jobs.Queued || run.StartedBy != "finance" || run.Summary != "TSSA 2026-11" {
			t.Fatalf("run before any worker: %+v %v", run, err)
		}
		var jobs_ int
		a.DB.QueryRow(`SELECT COUNT(*) FROM river_job WHERE id = $1 AND kind = 'payments.prepare'`, run.JobID).Scan(&jobs_)
		if jobs_ != 1 {
			t.Fatalf("the cycle's job is not in River's table")
		}

		// Another institution's finance officer may not cancel it.
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		if _, err := a.Jobs.Cancel(as(t, a, "sea-finance"), run.ID); !errors.Is(err, fail.ErrForbidden) {
			t.Errorf("sea-finance cancelling: %v, want forbidden", err)
		}

		workJobs(t, a)
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, body = fin.api(t, http.MethodGet, "/api/v1/payroll/cycles/"+strconv.FormatInt(id, 10), "")
			if body["status"] == "prepared" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("cycle not prepared: %v", body)
			}
			time.Sleep(50 * time.Millisecond)
		}
		run, err = a.Jobs.Run(context.Background(), run.ID)
		var lines int64
		a.DB.QueryRow(`SELECT COUNT(*) FROM payment_lines WHERE cycle_id = $1`, id).Scan(&lines)
		if err != nil || run.State != jobs.Done || lines == 0 || run.Total < lines || run.Done != run.Total || run.Node == "" {
			t.Errorf("run after: %+v %v", run, err)
		}
		if _, err := a.Jobs.Cancel(as(t, a, "finance"), run.ID); !errors.Is(err, jobs.ErrState) {
			t.Errorf("cancelling a finished run: %v", err)
		}
	})
}

func mustCycle(t *testing.T, a *app.App, id int64) payments.Cycle {
	t.Helper()
	c, err := a.Payments.Cycle(as(t, a, "finance"), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestJobsPage: operators see every run and its state on /admin/jobs and GET /api/v1/jobs;
// others are refused; a payroll preparation's run can be cancelled only by someone with the
// payment permission in the programme's institution, not by an operator as such.
func TestJobsPage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		fin, admin := login(t, srv, a, "finance"), login(t, srv, a, "admin")
		if resp, body := fin.api(t, http.MethodPost, "/api/v1/payroll/cycles", `{"program": "TSSA", "period": "2026-11"}`); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("start: %s %v", resp.Status, body)
		}
		resp, body := admin.api(t, http.MethodGet, "/api/v1/jobs?kind=payments.prepare", "")
		runs, _ := body["runs"].([]any)
		if resp.StatusCode != http.StatusOK || len(runs) != 1 {
			t.Fatalf("list: %s %v", resp.Status, body)
		}
		run := runs[0].(map[string]any)
		if run["state"] != "queued" || run["summary"] != "TSSA 2026-11" || run["started_by"] != "finance" {
			t.Errorf("run: %v", run)
		}
		id := strconv.FormatInt(int64(run["id"].(float64)), 10)
		if resp, _ := fin.api(t, http.MethodGet, "/api/v1/jobs", ""); resp.StatusCode != http.StatusForbidden {
			t.Errorf("finance listing jobs: %s", resp.Status)
		}
		if resp, _ := admin.api(t, http.MethodPost, "/api/v1/jobs/"+id+"/cancel", ""); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an operator cancelling a payroll preparation: %s", resp.Status)
		}
		page := admin.page(t, http.MethodGet, "/admin/jobs", nil, http.StatusOK)
		if !strings.Contains(page, "payments.prepare") || !strings.Contains(page, `id="run-`+id+`"`) {
			t.Errorf("jobs page lacks the run")
		}
		// the run described in the reader's words, not "payments.prepare TSSA 2026-11" (walk finding 5)
		for lang, title := range map[string]string{"az": "Ödəniş dövrünün hazırlanması: Ünvanlı dövlət sosial yardımı, noyabr 2026",
			"en": "Payroll preparation: Targeted State Social Assistance, November 2026", "ru": "Подготовка цикла выплат: Адресная государственная социальная помощь, ноябрь 2026"} {
			admin.page(t, http.MethodPost, "/lang", url.Values{"lang": {lang}}, http.StatusSeeOther)
			if page := admin.page(t, http.MethodGet, "/admin/jobs", nil, http.StatusOK); !strings.Contains(page, title) {
				t.Errorf("%s: the jobs page does not say %q", lang, title)
			}
		}
		n, _ := strconv.ParseInt(id, 10, 64)
		if r, err := a.Jobs.Cancel(as(t, a, "finance"), n); err != nil || r.State != jobs.Cancelled {
			t.Fatalf("finance cancelling: %+v %v", r, err)
		}
		_, body = admin.api(t, http.MethodGet, "/api/v1/jobs", "")
		if runs, _ := body["runs"].([]any); len(runs) != 1 || runs[0].(map[string]any)["cancel_by"] != "finance" {
			t.Errorf("after cancel: %v", body)
		}
	})
}

// TestDryRunIsAJob: a dry run started through the API runs as a job; the run record shows it
// beside every other job, with its progress, while its result stays in the dry run's record.
func TestDryRunIsAJob(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		c := login(t, srv, a, "analyst")
		resp, body := c.api(t, http.MethodPost, "/api/v1/programs/TSSA/rules/1/dry-runs", `{"date": "2026-11-01"}`)
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("start: %s %v", resp.Status, body)
		}
		runs, err := a.Jobs.Runs(context.Background(), "programs.dry_run", 10)
		if err != nil || len(runs) != 1 || runs[0].State != jobs.Queued || runs[0].StartedBy != "analyst" || runs[0].Summary != "TSSA v1 2026-11-01" {
			t.Fatalf("before any worker: %+v %v", runs, err)
		}
		workJobs(t, a)
		deadline := time.Now().Add(30 * time.Second)
		for body["status"] != "done" {
			if time.Now().After(deadline) {
				t.Fatalf("dry run: %v", body)
			}
			time.Sleep(50 * time.Millisecond)
			_, body = c.api(t, http.MethodGet, resp.Header.Get("Location"), "")
		}
		// the run record's end is written as the worker returns, a moment after the dry run's
		r, err := a.Jobs.Run(context.Background(), runs[0].ID)
		for ; err == nil && !r.Over() && time.Now().Before(deadline); r, err = a.Jobs.Run(context.Background(), runs[0].ID) {
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil || r.State != jobs.Done || r.Total == 0 || r.Done != r.Total {
			t.Errorf("run record: %+v %v", r, err)
		}
	})
}

// TestFinanceStopsAMistakenPreparation: the finance officer who started a preparation stops it
// from the cycle's page while it is queued — no operator needed; another agency's finance
// officer cannot.
func TestFinanceStopsAMistakenPreparation(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		fin := login(t, srv, a, "finance")
		resp, body := fin.api(t, http.MethodPost, "/api/v1/payroll/cycles", `{"program": "TSSA", "period": "2026-11"}`)
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("start: %s %v", resp.Status, body)
		}
		id := strconv.FormatInt(int64(body["id"].(float64)), 10)
		if page := fin.page(t, "GET", "/payroll/cycles/"+id, nil, http.StatusOK); !strings.Contains(page, "/payroll/cycles/"+id+"/cancel") {
			t.Fatal("the cycle page offers no way to stop its preparation")
		}
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		login(t, srv, a, "sea-finance").page(t, "POST", "/payroll/cycles/"+id+"/cancel", url.Values{}, http.StatusForbidden)
		fin.page(t, "POST", "/payroll/cycles/"+id+"/cancel", url.Values{}, http.StatusSeeOther) // back to the cycle's page
		run, err := a.Payroll.Run(context.Background(), mustCycle(t, a, int64(body["id"].(float64))))
		if err != nil || run.State != jobs.Cancelled || run.CancelBy != "finance" {
			t.Fatalf("the run after stopping: %+v %v", run, err)
		}
	})
}
