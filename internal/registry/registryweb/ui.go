package registryweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

func parseDate(s string) (clock.Date, error) { return clock.ParseDate(s) }

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := queryFrom(r.URL.Query())
	v := searchView{Query: q, BirthYear: r.URL.Query().Get("birth_year"), Districts: h.svc.Districts(), Place: h.placeName(r.Context())}
	if q.Text != "" {
		var err error
		v.Results, v.Next, err = h.svc.Search(r.Context(), q)
		if err == nil {
			v.Count, v.Over, err = h.svc.CountSearch(r.Context(), q)
		}
		v.Searched = true
		if msgs := web.FieldMessages(r.Context(), err); msgs != nil {
			v.Error = msgs["q"]
		} else if err != nil {
			web.HTMLError(w, r, err)
			return
		}
	}
	if r.Header.Get("HX-Request") == "true" {
		web.Render(w, r, http.StatusOK, results(v))
		return
	}
	web.Render(w, r, http.StatusOK, searchPage(v))
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	h.renderCard(w, r, r.PathValue("fin"), r.URL.Query().Get("tab"), http.StatusOK, "")
}

// renderCard shows one tab of a person's card, with problems from a failed form above it
// and, in typed, what was typed in it.
func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, fin, tab string, status int, problem string, typed ...url.Values) {
	p, err := h.svc.Person(r.Context(), fin, "person card")
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	h.renderCardWith(w, r, p, tab, status, problem, incomeView{}, typed...)
}

// renderCardWith shows one tab of the card of a person already read, with the income form's
// input and errors when that form was refused, or what was typed in the household's
// utility-cost form (typed).
func (h *Handler) renderCardWith(w http.ResponseWriter, r *http.Request, p registry.Person, tab string, status int, problem string, income incomeView, typed ...url.Values) {
	v := cardView{P: p, Tab: tab, Place: h.placeName(r.Context()), Problem: problem, Places: h.svc.AddressPlaces(), Income: income}
	if r.URL.Query().Get("saved") == "1" {
		v.Flash = i18n.T(r.Context(), "person.saved")
	} else if o := r.URL.Query().Get("income"); o != "" && status == http.StatusOK {
		v.Flash = incomeFlash(r.Context(), o)
	}
	var err error
	for _, form := range typed {
		if form.Has("utility_cost") { // the utility form came back; another household form keeps the recorded cost
			v.Typed = map[string]string{"utility_cost": form.Get("utility_cost"), "utility_cost_source": form.Get("utility_cost_source")}
		}
	}
	v.Categories, err = h.svc.Categories(r.Context(), p)
	if err == nil {
		v.PendingIBAN, err = h.pendingIBAN(r.Context(), p)
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	switch v.Tab {
	case "household":
		hh, err := h.svc.Household(r.Context(), p)
		if err == nil {
			v.Household = &hh
		} else if !errors.Is(err, fail.ErrNotFound) {
			web.HTMLError(w, r, err)
			return
		}
	case "categories":
	case "income":
		err = h.loadIncome(r.Context(), &v)
	case "history":
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		v.History, err = h.svc.History(r.Context(), p, before)
	default:
		v.Tab = "personal"
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, cardPage(v))
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Person(r.Context(), r.PathValue("fin"), "correction")
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, h.editPage(p, currentValues(p), nil, false))
}

func (h *Handler) editPage(p registry.Person, values, errs map[string]string, conflict bool) templ.Component {
	return editPage(editView{P: p, Values: values, Errors: errs, Conflict: conflict, Places: h.svc.AddressPlaces()})
}

func currentValues(p registry.Person) map[string]string {
	values := map[string]string{}
	for _, f := range registry.EditableFields {
		values[f] = p.Field(f)
	}
	return values
}

// save applies the submitted form. A stale version shows the conflict message over the
// current record and writes nothing; invalid fields come back with their messages.
func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	fin := r.PathValue("fin")
	if err := r.ParseForm(); err != nil {
		web.HTMLError(w, r, fail.Fields{{Name: "form", Key: "error.invalid"}})
		return
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	values := map[string]string{}
	for _, f := range registry.EditableFields {
		if vs, ok := r.PostForm[f]; ok {
			values[f] = vs[0]
		}
	}
	p, err := h.svc.Update(r.Context(), fin, version, values, registry.SourceManual)
	switch {
	case err == nil:
		http.Redirect(w, r, "/persons/"+p.FIN+"?tab=history&saved=1", http.StatusSeeOther)
	case errors.Is(err, fail.ErrConflict):
		cur, err2 := h.svc.Person(r.Context(), fin, "correction")
		if err2 != nil {
			web.HTMLError(w, r, err2)
			return
		}
		web.Render(w, r, http.StatusConflict, h.editPage(cur, currentValues(cur), nil, true))
	case web.FieldMessages(r.Context(), err) != nil:
		cur, _ := h.svc.Person(r.Context(), fin, "correction")
		cur.Version = version
		web.Render(w, r, http.StatusUnprocessableEntity, h.editPage(cur, values, web.FieldMessages(r.Context(), err), false))
	default:
		web.HTMLError(w, r, err)
	}
}
