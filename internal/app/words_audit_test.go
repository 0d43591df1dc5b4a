package app_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/request"
)

// purposeCell is a purpose on /audit: the stored word in the title, the reader's text inside.
var purposeCell = regexp.MustCompile(`<td title="([^"]*)">([^<]*)</td>`)

// TestAuditPageShowsNoRawPurpose: every purpose dost wrote in the log while the demo loaded
// and staff, a citizen and a visitor worked is translated into Russian, and /audit shows the
// reader's text in English and Russian, never the stored word or a message key; an old row's
// unknown purpose is shown as stored.
func TestAuditPageShowsNoRawPurpose(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		login(t, srv, a, "officer").page(t, "GET", "/persons/"+fin, nil, http.StatusOK)
		citizen(t, srv, fin).page(t, "GET", "/e-social", nil, http.StatusOK)
		anon := request.With(context.Background(), request.Info{ID: "anon-1", ClientIP: "198.51.100.9"})
		if err := a.Audit.Record(anon, audit.For(anon, audit.Read, "certificate verification", "person", fin, "")); err != nil {
			t.Fatal(err)
		}

		rows, err := a.DB.Query(`SELECT DISTINCT purpose FROM audit_log`)
		if err != nil {
			t.Fatal(err)
		}
		var purposes []string
		for rows.Next() {
			var p string
			rows.Scan(&p)
			purposes = append(purposes, p)
		}
		rows.Close()
		if len(purposes) < 3 {
			t.Fatalf("only %d purposes written: %v", len(purposes), purposes)
		}
		for _, p := range purposes {
			if ru := audit.PurposeIn("ru", p); ru == p {
				t.Errorf("purpose %q has no Russian text", p)
			}
		}

		auditor := login(t, srv, a, "auditor")
		for _, lang := range []string{"en", "ru"} {
			auditor.page(t, "POST", "/lang", map[string][]string{"lang": {lang}}, http.StatusSeeOther)
			page := auditor.page(t, "GET", "/audit", nil, http.StatusOK)
			cells := purposeCell.FindAllStringSubmatch(page, -1)
			if len(cells) == 0 || strings.Contains(page, "audit.purpose.") {
				t.Fatalf("%s: no purpose cells, or a message key shown", lang)
			}
			for _, c := range cells {
				stored, shown := html.UnescapeString(c[1]), html.UnescapeString(c[2])
				if shown != audit.PurposeIn(lang, stored) || lang == "ru" && shown == stored {
					t.Errorf("%s: purpose %q shown as %q", lang, stored, shown)
				}
			}
			if lang == "ru" && !strings.Contains(page, "проверка справки") {
				t.Error("ru: the certificate verification is not in Russian")
			}
		}
		if got := audit.PurposeIn("ru", "a purpose of 2019"); got != "a purpose of 2019" {
			t.Errorf("an unknown purpose is shown as %q, not as stored", got)
		}
		if got := audit.PurposeIn("ru", "decision TSSA"); got != "решение TSSA" {
			t.Errorf("a purpose with a code is shown as %q", got)
		}
	})
}
