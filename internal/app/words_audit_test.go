package app_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// englishWord is a word of the sentences details were written in before they became
// messages, or of an object's stored name: none may reach an Azerbaijani or Russian reader.
var englishWord = regexp.MustCompile(`(?i)\b(by|of|to|the|shown|lines?|from|cases?|members?|download|prepared|preparing|approved|rejected|` +
	`assigned|taken|fields|source|category|changed|held|confirmed|income|records?|settled|messages?|draft|version|account|` +
	`password|token|person|application|appeal|cycle|decision|entitlement|grant|household|override|payment_line|payment_file|program|` +
	`rule|service|statement|user|notification|granted|refused|review|registered|submitted|pending|exception)\b|\w+@\d+`)

// detailCell and entityCell are a row's detail and its object's kind on /audit.
var (
	detailCell = regexp.MustCompile(`<td class="detail">([^<]*)</td>`)
	entityCell = regexp.MustCompile(`<span title="([^"]*)">([^<]*)</span>`)
)

// TestAuditPageSpeaksTheReadersLanguage: every detail dost wrote while the demo loaded and
// staff, a citizen and a visitor worked is a message (no sentence), and every object kind and
// action has its Azerbaijani and Russian word; the auditor's /audit pages in az, en and ru show
// details and object kinds in that language — in az and ru no English word of the old
// sentences and no stored name — with no message key and no missing argument.
func TestAuditPageSpeaksTheReadersLanguage(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var fin string
		a.DB.QueryRow(`SELECT fin FROM persons ORDER BY id LIMIT 1`).Scan(&fin)
		officer := login(t, srv, a, "officer")
		officer.page(t, "GET", "/persons/"+fin, nil, http.StatusOK)
		officer.page(t, "GET", "/applications", nil, http.StatusOK)
		officer.page(t, "GET", "/applications?format=csv", nil, http.StatusOK)
		officer.page(t, "GET", "/persons?q="+fin, nil, http.StatusOK)
		officer.page(t, "GET", "/appeals", nil, http.StatusOK)
		officer.page(t, "GET", "/iban-changes", nil, http.StatusOK)
		citizen(t, srv, fin).page(t, "GET", "/e-social", nil, http.StatusOK)

		column := func(q string) []string {
			rows, err := a.DB.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				out = append(out, s)
			}
			return out
		}
		if sentences := column(`SELECT DISTINCT detail FROM audit_log WHERE detail <> '' AND detail NOT LIKE '{"key":%'`); len(sentences) > 0 {
			t.Errorf("details written as sentences: %q", sentences)
		}
		details := column(`SELECT DISTINCT detail FROM audit_log WHERE detail <> ''`)
		if len(details) < 10 {
			t.Fatalf("only %d details written: %q", len(details), details)
		}
		for _, d := range details {
			for _, lang := range []string{"az", "ru"} {
				shown := audit.DetailIn(lang, d)
				if w := englishWord.FindString(shown); w != "" || strings.Contains(shown, "audit.detail.") || strings.Contains(shown, "<no value>") {
					t.Errorf("%s: detail %s shown as %q", lang, d, shown)
				}
			}
		}
		for _, e := range column(`SELECT DISTINCT entity FROM audit_log WHERE entity <> ''`) {
			if audit.EntityIn("ru", e) == e || audit.EntityIn("az", e) == e {
				t.Errorf("object kind %q has no Azerbaijani or Russian word", e)
			}
		}
		for _, act := range column(`SELECT DISTINCT action FROM audit_log`) {
			if audit.ActionIn("ru", act) == act || audit.ActionIn("az", act) == act {
				t.Errorf("action %q has no Azerbaijani or Russian word", act)
			}
		}

		auditor := login(t, srv, a, "auditor")
		for _, lang := range []string{"az", "en", "ru"} {
			auditor.page(t, "POST", "/lang", map[string][]string{"lang": {lang}}, http.StatusSeeOther)
			page := auditor.page(t, "GET", "/audit", nil, http.StatusOK)
			cells, kinds := detailCell.FindAllStringSubmatch(page, -1), entityCell.FindAllStringSubmatch(page, -1)
			if len(cells) == 0 || len(kinds) == 0 || strings.Contains(page, "audit.detail.") || strings.Contains(page, "audit.entity.") || strings.Contains(page, "&lt;no value&gt;") {
				t.Fatalf("%s: no detail or object cells, or a message key shown", lang)
			}
			for _, c := range kinds {
				stored, shown := html.UnescapeString(c[1]), html.UnescapeString(c[2])
				if shown != audit.EntityIn(lang, stored) || lang != "en" && shown == stored {
					t.Errorf("%s: object kind %q shown as %q", lang, stored, shown)
				}
			}
			for _, c := range cells {
				if w := englishWord.FindString(html.UnescapeString(c[1])); lang != "en" && w != "" {
					t.Errorf("%s: detail %q has the English word %q", lang, c[1], w)
				}
			}
		}

		// the download: the stored words for machines beside the reader's, and it is itself audited
		rows, err := csv.NewReader(strings.NewReader(auditor.page(t, "GET", "/audit?format=csv&kind=staff", nil, http.StatusOK))).ReadAll()
		if err != nil || len(rows) < 3 || rows[0][5] != "Действие, как хранится" || rows[0][12] != "Подробности, как хранятся" {
			t.Fatalf("CSV of the log: %v %q", err, rows[:min(2, len(rows))])
		}
		for _, r := range rows[1:] {
			if r[12] != "" && (!strings.HasPrefix(r[12], `{"key":`) || r[13] != audit.DetailIn("ru", r[12]) || r[10] != audit.EntityIn("ru", r[9])) {
				t.Errorf("CSV row %q", r)
			}
		}
		book, err := excelize.OpenReader(strings.NewReader(auditor.page(t, "GET", "/audit?format=xlsx", nil, http.StatusOK)))
		if err != nil {
			t.Fatal(err)
		}
		if when, _ := book.GetCellValue("audit", "B2"); !regexp.MustCompile(`^\d\d\.\d\d\.20\d\d \d\d:\d\d$`).MatchString(when) {
			t.Errorf("XLSX moment shown as %q, not as a Russian date and time", when)
		}
		var downloads int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'audit log download' AND actor_login = 'auditor'`).Scan(&downloads)
		if downloads != 2 {
			t.Errorf("%d downloads of the log in the log, want 2", downloads)
		}
	})
}
