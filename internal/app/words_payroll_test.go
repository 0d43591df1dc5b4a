package app_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestExceptionReasonTranslated: a line held for want of a bank account shows its reason in
// the reader's language on the cycle page and in the CSV and XLSX downloads, beside the
// reason's code for machines; the stored reason stays the English sentence.
func TestExceptionReasonTranslated(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		if err := demoEntitlements(a, 20); err != nil {
			t.Fatal(err)
		}
		a.DB.Exec(`UPDATE persons SET iban = '' WHERE id IN (SELECT person_id FROM entitlements ORDER BY id LIMIT 3)`)
		tssa, _ := a.ProgramStore.ProgramByCode(as(t, a, "finance"), "TSSA")
		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", clock.Month{Year: 2026, Month: 11}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		a.DB.QueryRow(`SELECT reason FROM payment_lines WHERE cycle_id = $1 AND status = 'exception' LIMIT 1`, c.ID).Scan(&stored)
		if stored != payments.ReasonNoAccount {
			t.Fatalf("stored reason %q", stored)
		}
		web := login(t, srv, a, "finance")
		cycle := "/payroll/cycles/" + strconv.FormatInt(c.ID, 10)
		base := cycle + "/lines?status=exception&format="
		for _, want := range []struct{ lang, reason string }{{"az", "bank hesabı yoxdur"}, {"ru", "нет банковского счёта"}, {"en", "no bank account"}} {
			web.page(t, http.MethodPost, "/lang", map[string][]string{"lang": {want.lang}}, http.StatusSeeOther)
			if page := web.page(t, http.MethodGet, cycle, nil, http.StatusOK); !strings.Contains(page, ">"+want.reason+"<") {
				t.Errorf("%s: the cycle page does not show the reason %q", want.lang, want.reason)
			}
			rows, err := csv.NewReader(strings.NewReader(web.page(t, http.MethodGet, base+"csv", nil, http.StatusOK))).ReadAll()
			if err != nil || len(rows) != 4 {
				t.Fatalf("%s: %d rows, %v", want.lang, len(rows), err)
			}
			if got := rows[1][14:]; got[0] != want.reason || got[1] != "no_account" {
				t.Errorf("%s: CSV reason and code %q", want.lang, got)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(web.page(t, http.MethodGet, base+"xlsx", nil, http.StatusOK))))
			if err != nil {
				t.Fatal(err)
			}
			sheet, _ := f.GetRows("TSSA 2026-11")
			if len(sheet) != 4 || sheet[1][14] != want.reason || sheet[1][15] != "no_account" {
				t.Errorf("%s: XLSX %q", want.lang, sheet)
			}
		}
		if got := payments.ReasonIn("ru", payments.ReasonDeferred+": "+payments.ReasonDeath+"; ждём справку"); got != "отложено: зарегистрирована смерть; назначение ещё не приостановлено; ждём справку" {
			t.Errorf("a deferred line's reason in Russian: %q", got)
		}
		if got := payments.ReasonIn("ru", "a reason of 2019"); got != "a reason of 2019" {
			t.Errorf("an unknown reason: %q", got)
		}
	})
}
