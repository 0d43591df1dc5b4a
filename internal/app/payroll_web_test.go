package app_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestCycleLinesDownload takes a prepared cycle's lines from its page as CSV and XLSX, all of
// them and one status, and finds each download in the audit log.
func TestCycleLinesDownload(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if err := demoEntitlements(a, 130); err != nil {
			t.Fatal(err)
		}
		// more exceptions than the cycle page lists: it says so and offers them all
		a.DB.Exec(`UPDATE persons SET iban = '' WHERE id IN (SELECT person_id FROM entitlements ORDER BY id LIMIT 101)`)
		tssa, _ := a.ProgramStore.ProgramByCode(as(t, a, "finance"), "TSSA")
		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		totals, _ := a.Payments.Totals(as(t, a, "finance"), c.ID)
		web := login(t, srv, a, "finance")
		page := web.page(t, http.MethodGet, "/payroll/cycles/"+strconv.FormatInt(c.ID, 10), nil, http.StatusOK)
		base := "/payroll/cycles/" + strconv.FormatInt(c.ID, 10) + "/lines"
		exceptions := totals[payments.LineException].Lines
		if exceptions <= 100 || !strings.Contains(page, "Cəmi "+strconv.FormatInt(exceptions, 10)+" istisnadan ilk 100 göstərilir") ||
			!strings.Contains(page, base+"?format=xlsx&amp;status=exception") || !strings.Contains(page, base+`?format=csv&amp;status="`) {
			t.Fatalf("the cycle page offers no downloads:\n%s", page)
		}

		rows, err := csv.NewReader(strings.NewReader(web.page(t, http.MethodGet, base+"?format=csv", nil, http.StatusOK))).ReadAll()
		if err != nil || len(rows) != 1+int(totals[payments.LinePending].Lines+totals[payments.LineException].Lines) {
			t.Fatalf("all lines: %d rows, %v; totals %+v", len(rows), err, totals)
		}
		if rows[0][0] != "Ödənişin identifikatoru" || rows[0][2] != "FİN" || !strings.HasPrefix(rows[1][0], "D"+strconv.FormatInt(c.ID, 10)+"E") {
			t.Fatalf("header %q, first line %q", rows[0], rows[1])
		}
		rows, _ = csv.NewReader(strings.NewReader(web.page(t, http.MethodGet, base+"?format=csv&status=exception", nil, http.StatusOK))).ReadAll()
		if len(rows) != 1+int(exceptions) || rows[1][13] != "istisna" || rows[1][14] == "" {
			t.Fatalf("exceptions: %q", rows)
		}

		body := web.page(t, http.MethodGet, base+"?format=xlsx&status=pending", nil, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		sheet, err := f.GetRows("TSSA 2026-11", excelize.Options{RawCellValue: true}) // amounts as stored, not as formatted
		if err != nil || len(sheet) != 1+int(totals[payments.LinePending].Lines) {
			t.Fatalf("xlsx: %d rows, %v", len(sheet), err)
		}
		var sum float64
		for _, r := range sheet[1:] {
			v, _ := strconv.ParseFloat(r[12], 64)
			sum += v
		}
		if got := int64(sum*100 + 0.5); got != int64(totals[payments.LinePending].Net) {
			t.Fatalf("xlsx amounts sum to %d qəpik, the cycle's pending total is %d", got, totals[payments.LinePending].Net)
		}

		if body := web.page(t, http.MethodGet, base+"?format=pdf", nil, http.StatusUnprocessableEntity); !strings.Contains(body, "csv və ya xlsx") {
			t.Fatalf("an unknown format:\n%s", body)
		}
		if body := web.page(t, http.MethodGet, base+"?status=sent", nil, http.StatusUnprocessableEntity); !strings.Contains(body, "Belə sətir vəziyyəti yoxdur") {
			t.Fatalf("an unknown status:\n%s", body)
		}
		var downloads int
		a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE actor_login = 'finance' AND entity_id = $1 AND detail LIKE '{"key":"lines_download",%'`,
			strconv.FormatInt(c.ID, 10)).Scan(&downloads)
		if downloads != 3 {
			t.Fatalf("%d downloads in the audit log, want 3", downloads)
		}
	})
}

// TestPayrollFormsKeepInputAndRefuseNothing: the preparation form has no default programme
// and, refused, shows what was typed with each message at its field; a cycle with nothing to
// pay says so and cannot be approved; an export answers with a redirect, so that a reload
// writes nothing again, and the cycle page lists the files from then on.
func TestPayrollFormsKeepInputAndRefuseNothing(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		finance, finance2 := login(t, srv, a, "finance"), login(t, srv, a, "finance2")
		list := finance.page(t, http.MethodGet, "/payroll", nil, http.StatusOK)
		if !strings.Contains(list, `<option value="">— proqramı seçin —</option>`) || strings.Contains(list, "selected") {
			t.Fatalf("the form chooses a programme for the officer:\n%s", list)
		}
		page := finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {""}, "period": {"2026-13"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, "Proqramı seçin.") || !strings.Contains(page, `value="2026-13"`) || !strings.Contains(page, `id="e-period"`) {
			t.Fatalf("refused form:\n%s", page)
		}
		page = finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {"TSSA"}, "period": {"11/2026"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, `<option value="TSSA" selected>`) || !strings.Contains(page, `value="11/2026"`) {
			t.Fatalf("the programme typed was lost:\n%s", page)
		}

		tssa, _ := a.ProgramStore.ProgramByCode(as(t, a, "finance"), "TSSA")
		empty, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 10}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(empty.ID, 10)
		if totals, _ := a.Payments.Totals(as(t, a, "finance"), empty.ID); totals[payments.LinePending].Lines != 0 {
			t.Fatalf("the cycle is not empty: %+v", totals)
		}
		if page := finance2.page(t, http.MethodGet, "/payroll/cycles/"+id, nil, http.StatusOK); !strings.Contains(page, `id="empty-cycle"`) || strings.Contains(page, id+"/approve") {
			t.Fatalf("an empty cycle offers approval:\n%s", page)
		}
		resp, body := finance2.api(t, http.MethodPost, "/api/v1/payroll/cycles/"+id+"/approve", "", "Accept-Language", "en")
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body["detail"].(string), "nothing to approve") {
			t.Fatalf("approving an empty cycle: %d %v", resp.StatusCode, body)
		}

		if err := demoEntitlements(a, 20); err != nil {
			t.Fatal(err)
		}
		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id = strconv.FormatInt(c.ID, 10)
		if loc := finance2.page(t, http.MethodPost, "/payroll/cycles/"+id+"/approve", url.Values{}, http.StatusSeeOther); loc != "/payroll/cycles/"+id {
			t.Fatalf("approve redirects to %q", loc)
		}
		loc := finance2.page(t, http.MethodPost, "/payroll/cycles/"+id+"/export", url.Values{"format": {payments.Pain00109}}, http.StatusSeeOther)
		if loc != "/payroll/cycles/"+id+"?exported=1" {
			t.Fatalf("export redirects to %q", loc)
		}
		page = finance2.page(t, http.MethodGet, loc, nil, http.StatusOK)
		if !strings.Contains(page, "Bank faylları hazırlandı.") || !strings.Contains(page, `href="/payroll/files/`+id+`/2026-11-TSSA-`) {
			t.Fatalf("the exported cycle does not list its files:\n%s", page)
		}
	})
}

// TestPayrollRefusesANonsensePeriod (walk finding 1): a month before the programme's first
// rule and one past next month are refused at the period field; a second preparation of a
// programme's month is refused at the field with a link to the cycle that exists, and the
// API answers it with a 409 naming that cycle. The form keeps what was typed.
func TestPayrollRefusesANonsensePeriod(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		finance := login(t, srv, a, "finance")
		page := finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {"BIRTH_GRANT"}, "period": {"1901-02"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, "ilk qaydası") || !strings.Contains(page, `value="1901-02"`) || !strings.Contains(page, `<option value="BIRTH_GRANT" selected>`) ||
			!strings.Contains(page, `aria-describedby="e-period"`) {
			t.Fatalf("a period before the programme's first rule:\n%s", page)
		}
		late := clock.MonthOf(clock.Today(a.Config.Clock)).Add(2).String()
		page = finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {"TSSA"}, "period": {late}}, http.StatusUnprocessableEntity)
		if !strings.Contains(page, "Ən gec gələn ay") || !strings.Contains(page, `value="`+late+`"`) {
			t.Fatalf("a period too far ahead:\n%s", page)
		}
		if !strings.Contains(finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {""}, "period": {"2026-11"}}, http.StatusUnprocessableEntity),
			`aria-describedby="e-program"`) {
			t.Fatal("the programme select with an error is not described by it")
		}

		tssa, _ := a.ProgramStore.ProgramByCode(as(t, a, "finance"), "TSSA")
		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(c.ID, 10)
		page = finance.page(t, http.MethodPost, "/payroll/cycles", url.Values{"program": {"TSSA"}, "period": {"2026-11"}}, http.StatusConflict)
		if !strings.Contains(page, `id="existing-cycle" href="/payroll/cycles/`+id+`"`) || !strings.Contains(page, "noyabr 2026") ||
			!strings.Contains(page, `value="2026-11"`) || strings.Contains(page, "Belə qeyd artıq mövcuddur") {
			t.Fatalf("a second preparation:\n%s", page)
		}
		resp, body := finance.api(t, http.MethodPost, "/api/v1/payroll/cycles", `{"program": "TSSA", "period": "2026-11"}`, "Accept-Language", "en")
		errs, _ := body["errors"].([]any)
		if resp.StatusCode != http.StatusConflict || body["detail"] != "Payment cycle "+id+" of Targeted State Social Assistance for November 2026 has already been prepared." || len(errs) != 1 {
			t.Fatalf("the API on a second preparation: %d %v", resp.StatusCode, body)
		}
	})
}

// TestPayrollPagesInTheReadersWords (walk findings 3, 4, 5, 9, 15): the payroll list, a
// cycle's page and its print view name the programme and the month in the reader's language,
// write the bank files' totals as amounts in ₼ under one unit, and label the file format.
func TestPayrollPagesInTheReadersWords(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if err := demoEntitlements(a, 20); err != nil {
			t.Fatal(err)
		}
		tssa, _ := a.ProgramStore.ProgramByCode(as(t, a, "finance"), "TSSA")
		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(c.ID, 10)
		web := login(t, srv, a, "finance2")
		web.page(t, http.MethodPost, "/payroll/cycles/"+id+"/approve", url.Values{}, http.StatusSeeOther)
		web.page(t, http.MethodPost, "/payroll/cycles/"+id+"/export", url.Values{"format": {payments.Pain00109}}, http.StatusSeeOther)
		for _, want := range []struct{ lang, name, month, amount, format string }{
			{"az", "Ünvanlı dövlət sosial yardımı", "noyabr 2026", "Məbləğ<", "Bank faylının formatı"},
			{"en", "Targeted State Social Assistance", "November 2026", "Amount<", "Bank file format"},
			{"ru", "Адресная государственная социальная помощь", "ноябрь 2026", "Сумма<", "Формат банковского файла"},
		} {
			web.page(t, http.MethodPost, "/lang", url.Values{"lang": {want.lang}}, http.StatusSeeOther)
			list := web.page(t, http.MethodGet, "/payroll", nil, http.StatusOK)
			if !strings.Contains(list, "<td>"+want.name+" <small") || !strings.Contains(list, "<td>"+want.month+"</td>") {
				t.Errorf("%s: the payroll list shows no programme name or month:\n%s", want.lang, list)
			}
			for _, path := range []string{"/payroll/cycles/" + id, "/payroll/cycles/" + id + "/print"} {
				page := web.page(t, http.MethodGet, path, nil, http.StatusOK)
				if !strings.Contains(page, ": "+want.name+" "+want.month+" <small") || !strings.Contains(page, want.amount) ||
					strings.Contains(page, "AZN") || !strings.Contains(page, "₼") {
					t.Errorf("%s: %s in other words:\n%s", want.lang, path, page)
				}
			}
			page := web.page(t, http.MethodGet, "/payroll/cycles/"+id, nil, http.StatusOK)
			if !strings.Contains(page, `aria-label="`+want.format+`"`) || !regexp.MustCompile(`pain\.001\.001\.09</a> — \d+ · [^<]*₼`).MatchString(page) {
				t.Errorf("%s: the cycle's files or their format:\n%s", want.lang, page)
			}
		}
	})
}
