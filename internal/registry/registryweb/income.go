package registryweb

import (
	"context"
	"net/http"
	"net/url"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// incomeMonths is how many full months the card shows: the twelve a means test reads.
const incomeMonths = 12

// incomeView is the card's income tab: the months, and the form's input and errors.
type incomeView struct {
	Months []incomeMonth
	Values map[string]string
	Errors map[string]string
}

type incomeMonth struct {
	Month   clock.Month
	Records []registry.IncomeRecord
}

// Missing counts the months with no record.
func (v incomeView) Missing() int {
	n := 0
	for _, m := range v.Months {
		if len(m.Records) == 0 {
			n++
		}
	}
	return n
}

// incomeWindow is the twelve full months before today's, oldest first.
func incomeWindow(today clock.Date) (from, to clock.Month) {
	to = clock.MonthOf(today).Add(-1)
	return to.Add(1 - incomeMonths), to
}

// incomeGrid lays the records (newest first) out by month, newest month first, with an
// empty entry for each month that has none.
func incomeGrid(records []registry.IncomeRecord, from, to clock.Month) []incomeMonth {
	var out []incomeMonth
	i := 0
	for m := to; !m.Before(from); m = m.Add(-1) {
		row := incomeMonth{Month: m}
		for i < len(records) && records[i].Month == m {
			row.Records = append(row.Records, records[i])
			i++
		}
		out = append(out, row)
	}
	return out
}

// loadIncome fills the card's income tab.
func (h *Handler) loadIncome(ctx context.Context, v *cardView) error {
	from, to := incomeWindow(clock.Today(clock.System{}))
	records, err := h.svc.Incomes(ctx, v.P, from, to)
	v.Income.Months = incomeGrid(records, from, to)
	if v.Income.Values == nil {
		v.Income.Values = map[string]string{"month": to.String()}
	}
	return err
}

// recordIncome adds or corrects a month's income from the card; a refused form comes back on
// the income tab with what the officer typed and a message at each field.
func (h *Handler) recordIncome(w http.ResponseWriter, r *http.Request) {
	fin := r.PathValue("fin")
	p, err := h.svc.Person(r.Context(), fin, "income")
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	in := registry.IncomeInput{Month: r.PostFormValue("month"), Amount: r.PostFormValue("amount"), Source: r.PostFormValue("source")}
	_, o, err := h.svc.RecordIncome(r.Context(), p, in)
	if err == nil {
		http.Redirect(w, r, "/persons/"+url.PathEscape(p.FIN)+"?tab=income&income="+outcomeName[o], http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	form := incomeView{Values: map[string]string{"month": in.Month, "amount": in.Amount, "source": in.Source}, Errors: msgs}
	h.renderCardWith(w, r, p, "income", http.StatusUnprocessableEntity, i18n.T(r.Context(), "person.fix_errors"), form)
}

var outcomeName = map[registry.Outcome]string{registry.Added: "added", registry.Changed: "changed", registry.Unchanged: "unchanged"}

// incomeFlash is the message after a saved income record.
func incomeFlash(ctx context.Context, outcome string) string {
	for _, name := range outcomeName {
		if name == outcome {
			return i18n.T(ctx, "income.saved_"+name)
		}
	}
	return ""
}

func (h *Handler) incomeRoutes(rt web.Router) {
	rt.Handle("POST /persons/{fin}/income", authz.PersonWrite, h.recordIncome)
}

// recorded says who recorded an income record and when, or that it came before records
// said so (the demo's and other bulk loads).
func recorded(ctx context.Context, r registry.IncomeRecord) string {
	if r.RecordedAt.IsZero() {
		return i18n.T(ctx, "income.recorded_unknown")
	}
	return r.RecordedBy + " · " + clock.When(r.RecordedAt, i18n.Lang(ctx))
}
