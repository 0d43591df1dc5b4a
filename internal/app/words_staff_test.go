package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/programs"
)

// TestStaffPagesInTheReadersForm: the walk through every page (findings 3, 4, 7 and 15) found
// staff pages writing ISO dates and times, the dot of machines in a hint, a programme
// parameter by its code alone, and amounts' unit as "AZN" on one page and "manat" on another.
// Each page now writes them as its reader does, in az, en and ru.
func TestStaffPagesInTheReadersForm(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		fin := disabledPayee(t, a)
		d, err := a.Programs.Decide(as(t, a, "officer"), "DISABILITY", fin, clock.NewDate(2026, 9, 10))
		if err != nil || d.Outcome != programs.Granted {
			t.Fatalf("decide: %+v %v", d, err)
		}
		decided := d.DecidedOn
		officer, admin, auditor, analyst := login(t, srv, a, "officer"), login(t, srv, a, "admin"), login(t, srv, a, "auditor"), login(t, srv, a, "analyst")
		holiday := clock.NewDate(2027, 8, 14)
		admin.page(t, "POST", "/admin/calendar", url.Values{"date": {holiday.String()}, "kind": {"holiday"}, "name_az": {"Sınaq"}, "name_en": {"Test"}, "name_ru": {"Тест"}}, http.StatusSeeOther)
		isoMoment := regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)
		today := clock.Today(clock.System{})
		for _, want := range []struct{ lang, unit, hint, livingWage string }{
			{"az", "Məbləğ, ₼", "143,00", "Yaşayış minimumu"},
			{"en", "Amount, ₼", "143.00", "Living wage"},
			{"ru", "Сумма, ₼", "143,00", "Прожиточный минимум"},
		} {
			for _, c := range []*client{officer, admin, auditor, analyst} {
				c.page(t, http.MethodPost, "/lang", url.Values{"lang": {want.lang}}, http.StatusSeeOther)
			}
			benefits := officer.page(t, "GET", "/persons/"+fin+"/benefits", nil, 200)
			if !strings.Contains(benefits, " · "+decided.In(want.lang)+" ·") || strings.Contains(benefits, decided.String()+" ·") {
				t.Errorf("%s: the decision's date is not in the reader's form (%s)", want.lang, decided.In(want.lang))
			}
			if amount := `class="mono">` + d.FinalAmount.In(want.lang) + "<"; strings.Count(benefits, amount) != 2 || !strings.Contains(benefits, ">"+want.unit+"<") {
				t.Errorf("%s: amounts on the benefits page are not written with ₼ under %q", want.lang, want.unit)
			}
			if person := officer.page(t, "GET", "/persons/"+fin+"?tab=income", nil, 200); !strings.Contains(person, ">"+want.unit+"<") {
				t.Errorf("%s: the income form's amount is not headed %q", want.lang, want.unit)
			}
			if print := officer.page(t, "GET", "/persons/"+fin+"/print", nil, 200); !strings.Contains(print, today.In(want.lang)) || strings.Contains(print, today.String()) {
				t.Errorf("%s: the print's date is not in the reader's form", want.lang)
			}
			if cal := admin.page(t, "GET", "/admin/calendar", nil, 200); !strings.Contains(cal, ">"+holiday.In(want.lang)+"<") || strings.Contains(cal, ">"+holiday.String()+"<") {
				t.Errorf("%s: the calendar's day is not in the reader's form", want.lang)
			}
			if log := auditor.page(t, "GET", "/audit", nil, 200); isoMoment.MatchString(log) {
				t.Errorf("%s: the audit log writes a moment as %q", want.lang, isoMoment.FindString(log))
			}
			tssa := analyst.page(t, "GET", "/programs/TSSA", nil, 200)
			if !strings.Contains(tssa, want.livingWage) || !regexp.MustCompile(`<small class="mono muted" title="[^"]*params\.living_wage">living_wage</small>`).MatchString(tssa) {
				t.Errorf("%s: the living wage is not shown by its name with its code", want.lang)
			}
			if !strings.Contains(tssa, want.hint) {
				t.Errorf("%s: the parameter's hint is not %q", want.lang, want.hint)
			}
		}
	})
}
