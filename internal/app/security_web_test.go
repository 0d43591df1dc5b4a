package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
)

// tempDir points os.TempDir (and so multipart's temporary files) at a fresh directory and
// returns a function that lists what is left in it.
func tempDir(t *testing.T) func() []string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
}

// bigMultipart streams a multipart form with one file of size bytes, without holding it.
func bigMultipart(size int64) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		w, _ := mw.CreateFormFile("file", "scan.pdf")
		_, err := io.Copy(w, io.LimitReader(zeros{}, size))
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestAttackUploadsLeaveNoFiles: an anonymous 40 MiB multipart post to a form that takes no
// file (the sign-in) is refused, and nothing is left in the temporary directory; an oversized
// plain form is refused with 413; and a real upload of documents (big enough to spill to disk)
// leaves nothing behind once the request is over.
func TestAttackUploadsLeaveNoFiles(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		left := tempDir(t)
		for _, path := range []string{"/login", "/kiosk/DOST-1/tickets", "/e-social/login", "/api/v1/centres/DOST-1/tickets"} {
			body, ctype := bigMultipart(40 << 20)
			req, _ := http.NewRequest("POST", srv.URL+path, body)
			req.Header.Set("Content-Type", ctype)
			if resp, err := http.DefaultClient.Do(req); err == nil { // the server may close before the client has sent it all
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnsupportedMediaType {
					t.Errorf("multipart post to %s: %d, want 415", path, resp.StatusCode)
				}
			}
			if files := left(); len(files) > 0 {
				t.Fatalf("a multipart post to %s left %v in the temporary directory", path, files)
			}
		}
		big := url.Values{"login": {strings.Repeat("a", 2<<20)}, "password": {"x"}}.Encode()
		resp, err := http.Post(srv.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader(big))
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "MB") {
				t.Errorf("a 2 MiB form: %d, want 413 with the limit", resp.StatusCode)
			}
		}

		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons WHERE death_date IS NULL ORDER BY id LIMIT 1`).Scan(&fin)
		front := login(t, srv, a, "front")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"fin": fin, "service": "05-01-01-00", "centre": "DOST-1", "desk": "4", "paper": "diploma"} {
			mw.WriteField(k, v)
		}
		for _, name := range []string{"doc_id_card", "doc_id_card", "doc_id_card"} { // 12 MiB: more than any form is kept in memory
			w, _ := mw.CreateFormFile(name, "scan.pdf")
			w.Write(pdfBytes)
			w.Write(bytes.Repeat([]byte{' '}, 4<<20-len(pdfBytes)))
		}
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/applications", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err = front.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("filing with three 4 MiB scans: %d", resp.StatusCode)
		}
		if files := left(); len(files) > 0 {
			t.Fatalf("a document upload left %v in the temporary directory", files)
		}
	})
}

// TestAttackCachedPersonalData: pages, API answers and downloads are "no-store"; static files
// are not.
func TestAttackCachedPersonalData(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		officer, manager := login(t, srv, a, "officer"), login(t, srv, a, "manager")
		for path, c := range map[string]*client{"/persons/" + fin: officer, "/api/v1/persons/" + fin: officer, "/reports/service?format=csv": manager, "/login": officer} {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || cc != "no-store" {
				t.Errorf("%s (%d): Cache-Control %q, want no-store", path, resp.StatusCode, cc)
			}
		}
		me := citizen(t, srv, fin) // a certificate the citizen downloads: a PDF with their name and FİN
		loc := me.page(t, "POST", "/e-social/certificates", url.Values{}, http.StatusSeeOther)
		code := loc[strings.Index(loc, "#cert-")+len("#cert-"):]
		req, _ := http.NewRequest("GET", srv.URL+"/e-social/certificates/"+code, nil)
		resp, err := me.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("certificate download: %d %s, Cache-Control %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}
		resp, err = http.Get(srv.URL + "/static/dost.css")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") == "no-store" {
			t.Errorf("static file: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	})
}

// TestAttackKioskFlood: a script taking tickets as fast as it can (the API and the kiosk
// page) or trying FİNs at the citizen sign-in is stopped with 429 and Retry-After.
func TestAttackKioskFlood(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		anon := &client{Client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
		flood := func(n int, send func() *http.Response) (ok, limited int) {
			for range n {
				resp := send()
				resp.Body.Close()
				switch {
				case resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "":
					limited++
				case resp.StatusCode < 400:
					ok++
				}
			}
			return ok, limited
		}
		ok, limited := flood(60, func() *http.Response {
			resp, _ := anon.api(t, "POST", "/api/v1/centres/DOST-1/tickets", `{"service":"05-01-01-00"}`)
			return resp
		})
		ok2, limited2 := flood(20, func() *http.Response {
			resp, err := anon.PostForm(srv.URL+"/kiosk/DOST-1/tickets", url.Values{"service": {"05-01-01-00"}})
			if err != nil {
				t.Fatal(err)
			}
			return resp
		})
		if ok == 0 || limited == 0 || limited2 < ok2 {
			t.Fatalf("tickets: API %d issued, %d limited; kiosk page %d issued, %d limited", ok, limited, ok2, limited2)
		}
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		_, limited = flood(30, func() *http.Response {
			resp, err := anon.PostForm(srv.URL+"/e-social/login", url.Values{"fin": {fin}})
			if err != nil {
				t.Fatal(err)
			}
			return resp
		})
		if limited == 0 {
			t.Fatal("30 FİN sign-ins in a row were all let through")
		}
	})
}

// TestAttackDocumentedDates: the OpenAPI description gives a date as a string in format
// date, and a rule sent exactly as documented (dates as "YYYY-MM-DD") is accepted.
func TestAttackDocumentedDates(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		resp, err := http.Get(srv.URL + "/openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]map[string]any `json:"properties"`
					Required   []string                  `json:"required"`
				} `json:"schemas"`
			} `json:"components"`
		}
		json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		rule := doc.Components.Schemas["Rule"]
		if from := rule.Properties["effective_from"]; from["type"] != "string" || from["format"] != "date" {
			t.Fatalf("effective_from is documented as %v, want {type: string, format: date}", from)
		}
		if slices.Contains(rule.Required, "effective_to") {
			t.Fatal("an open-ended rule cannot be sent as documented: effective_to is required")
		}
		c := login(t, srv, a, "analyst")
		resp, list := c.api(t, "GET", "/api/v1/programs/TSSA/rules", "")
		items, _ := list["items"].([]any)
		if resp.StatusCode != 200 || len(items) == 0 {
			t.Fatalf("rules: %d %v", resp.StatusCode, list)
		}
		r := items[0].(map[string]any)["rule"].(map[string]any)
		r["effective_from"] = "2027-01-01"
		delete(r, "effective_to")
		delete(r, "$schema")
		resp, saved := c.api(t, "POST", "/api/v1/programs/TSSA/rules", toJSON(r))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("a rule sent as documented: %d %v", resp.StatusCode, saved)
		}
		if got := saved["rule"].(map[string]any)["effective_from"]; got != "2027-01-01" {
			t.Fatalf("saved effective_from %v", got)
		}
		if resp, _ := c.api(t, "POST", "/api/v1/programs/TSSA/rules", strings.Replace(toJSON(r), "2027-01-01", "2027-02-30", 1)); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("30 February: %d, want 422", resp.StatusCode)
		}
	})
}
