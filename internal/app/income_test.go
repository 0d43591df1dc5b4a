package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/importer"
)

// TestIncomeAPI: staff who correct the registry add and correct a month's income through the
// API, the same record twice is one record, invalid fields come back together at their
// locations, and tokens carry their scope: a read-only token or a manager (who reads the
// registry but does not correct it) lists but does not add.
func TestIncomeAPI(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		path := "/api/v1/persons/" + fin + "/incomes"
		front := login(t, srv, a, "front")
		month := time.Now().AddDate(0, -1, 0).Format("2006-01")
		for i, want := range []string{"added", "changed", "unchanged"} {
			amount := []string{"450,50", "460", "460.00"}[i]
			resp, out := front.api(t, http.MethodPost, path, `{"month":"`+month+`","amount":"`+amount+`","source":"declaration"}`)
			if resp.StatusCode != http.StatusOK || out["outcome"] != want {
				t.Fatalf("post %s: %d %v, want %s", amount, resp.StatusCode, out, want)
			}
		}
		resp, out := front.api(t, http.MethodGet, path, "")
		found := false
		for _, it := range out["items"].([]any) {
			r := it.(map[string]any)
			if r["month"] == month && r["source"] == "declaration" {
				found = r["amount"] == "460.00" && r["recorded_by"] == "front"
			}
		}
		if resp.StatusCode != http.StatusOK || !found {
			t.Fatalf("list: %d %v", resp.StatusCode, out)
		}
		resp, out = front.api(t, http.MethodPost, path, `{"month":"2026-13","amount":"x","source":"wage"}`, "Accept-Language", "ru")
		body := toJSON(out)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "body.month") || !strings.Contains(body, "body.amount") ||
			!strings.Contains(body, "body.source") || !strings.Contains(body, "Выберите источник") {
			t.Fatalf("bad input: %d %s", resp.StatusCode, body)
		}
		manager := login(t, srv, a, "manager")
		if resp, _ := manager.api(t, http.MethodGet, path, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("manager reading incomes: %d", resp.StatusCode)
		}
		if resp, _ := manager.api(t, http.MethodPost, path, `{"month":"`+month+`","amount":"1","source":"tax"}`); resp.StatusCode != http.StatusForbidden {
			t.Errorf("manager adding income: %d, want 403", resp.StatusCode)
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/tokens", strings.NewReader(`{"name":"reader","days":1,"read_only":true}`))
		req.Header.Set("Content-Type", "application/json")
		r, err := front.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var tok struct{ Token string }
		json.NewDecoder(r.Body).Decode(&tok)
		r.Body.Close()
		ro := &client{Client: http.DefaultClient, base: srv.URL, token: tok.Token}
		if resp, _ := ro.api(t, http.MethodGet, path, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("read-only token listing: %d", resp.StatusCode)
		}
		if resp, _ := ro.api(t, http.MethodPost, path, `{"month":"`+month+`","amount":"1","source":"tax"}`); resp.StatusCode != http.StatusForbidden {
			t.Errorf("read-only token adding: %d, want 403", resp.StatusCode)
		}
	})
}

// TestIncomeImportIsAJob: an uploaded file is worked by a River job, which the run record
// shows; the import page reports the counts and the error report names the bad line.
func TestIncomeImportIsAJob(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		workJobs(t, a)
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		month := time.Now().AddDate(0, -1, 0).Format("2006-01")
		file := "fin,month,amount,source\n" + fin + "," + month + ",100,employer\n" + fin + ",2026-13,1,employer\n"
		back := login(t, srv, a, "officer")
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("mode", importer.GoodLines)
		f, _ := w.CreateFormFile("file", "income.csv")
		f.Write([]byte(file))
		w.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/imports/income", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		resp, err := back.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/imports/income/") {
			t.Fatalf("upload: %s %s", resp.Status, loc)
		}
		deadline := time.Now().Add(30 * time.Second)
		var imp importer.Import
		for {
			a.DB.QueryRow(`SELECT state, added, bad, started_by FROM imports ORDER BY id DESC LIMIT 1`).Scan(&imp.State, &imp.Added, &imp.Bad, &imp.StartedBy)
			if imp.Over() || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if imp.State != importer.Done || imp.Added != 1 || imp.Bad != 1 || imp.StartedBy != "officer" {
			t.Fatalf("import: %+v", imp)
		}
		var runs int
		a.DB.QueryRow(`SELECT COUNT(*) FROM job_runs WHERE kind = 'importer.run' AND started_by = 'officer'`).Scan(&runs)
		if runs != 1 {
			t.Fatalf("%d run records", runs)
		}
		resp, err = back.Get(srv.URL + loc + "/errors.csv")
		if err != nil {
			t.Fatal(err)
		}
		report, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(report), "3,month,") {
			t.Fatalf("error report:\n%s", report)
		}
		var stored int
		a.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM person_incomes i JOIN persons p ON p.id = i.person_id
			WHERE p.fin = $1 AND i.source = 'employer' AND i.recorded_by = 'officer'`, fin).Scan(&stored)
		if stored != 1 {
			t.Fatalf("%d records stored", stored)
		}
	})
}
