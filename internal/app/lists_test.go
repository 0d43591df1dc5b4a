package app_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/registry"
)

// TestPersonsSearchShowsItsCount: the registry search says how many persons it found, in the
// reader's language and plural, the same number on every page of it.
func TestPersonsSearchShowsItsCount(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		var surname string
		a.DB.QueryRow(`SELECT last_name FROM persons GROUP BY last_name ORDER BY COUNT(*) DESC, last_name LIMIT 1`).Scan(&surname)
		n, over, err := a.Registry.CountSearch(as(t, a, "officer"), registry.Query{Text: surname})
		if err != nil || over || n < 2 {
			t.Fatalf("%q: %d, %v, %v", surname, n, over, err)
		}
		officer := login(t, srv, a, "officer")
		page := officer.page(t, http.MethodGet, "/persons?q="+surname, nil, http.StatusOK)
		want := i18n.TrN("az", "search.count", n, map[string]any{"Shown": fmt.Sprint(n)})
		if !strings.Contains(page, `<p id="search-count">`+want+`</p>`) || !strings.Contains(want, "şəxs tapıldı") {
			t.Fatalf("the search does not say it found %d (%q):\n%s", n, want, page)
		}
		if page := officer.page(t, http.MethodGet, "/persons?q=9ZZZZZ9", nil, http.StatusOK); strings.Contains(page, "search-count") {
			t.Fatalf("nobody found still shows a count:\n%s", page)
		}
	})
}

// TestPayrollCyclesListDownloads: the cycles list downloads as CSV and XLSX, the filter
// applied and every page of it (more cycles than a page of the store holds), and an
// institution's finance officer downloads only their own institution's cycles.
func TestPayrollCyclesListDownloads(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		tssa, err := a.ProgramStore.ProgramByCode(context.Background(), "TSSA")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 205 { // months of 2000 onwards; every seventh approved
			status := "prepared"
			if i%7 == 0 {
				status = "approved"
			}
			if _, err := a.DB.Exec(`INSERT INTO payment_cycles (uuid, program_id, period, status, prepared_by, started_at)
				VALUES ($1, $2, $3, $4, 'finance', $5)`, fmt.Sprintf("cycle-%d", i), tssa.ID, fmt.Sprintf("%04d-%02d", 2000+i/12, i%12+1), status, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		finance := login(t, srv, a, "finance")
		list := finance.page(t, http.MethodGet, "/payroll?status=approved", nil, http.StatusOK)
		if !strings.Contains(list, `id="download-csv" href="/payroll?format=csv&amp;status=approved"`) {
			t.Fatalf("no download of the filtered list:\n%s", list)
		}
		rows := func(body string) [][]string {
			t.Helper()
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		all := rows(finance.page(t, http.MethodGet, "/payroll?format=csv", nil, http.StatusOK))
		if len(all) != 1+205 || all[0][0] != "Dövr №" || all[1][2] != "2017-01" || all[205][2] != "2000-01" {
			t.Fatalf("all cycles: %d rows, header %v, first %v", len(all), all[0], all[1])
		}
		approved := rows(finance.page(t, http.MethodGet, "/payroll?status=approved&format=csv", nil, http.StatusOK))
		if len(approved) != 1+30 || approved[1][3] != i18n.Tr("az", "cycle.approved", nil) {
			t.Fatalf("approved cycles: %d rows, %v", len(approved), approved[1])
		}
		book, err := excelize.OpenReader(strings.NewReader(finance.page(t, http.MethodGet, "/payroll?status=approved&format=xlsx", nil, http.StatusOK)))
		if err != nil {
			t.Fatal(err)
		}
		if sheet, err := book.GetRows("cycles"); err != nil || len(sheet) != 1+30 {
			t.Fatalf("xlsx: %d rows, %v", len(sheet), err)
		}
		staffIn(t, a, "sea-finance", authz.FinanceOfficer, "SEA")
		if other := rows(login(t, srv, a, "sea-finance").page(t, http.MethodGet, "/payroll?format=csv", nil, http.StatusOK)); len(other) != 1 {
			t.Fatalf("another institution's finance officer downloads %d cycles", len(other)-1)
		}
	})
}
