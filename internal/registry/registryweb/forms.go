package registryweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// formRoutes registers the registry's write pages beyond the person edit form.
func (h *Handler) formRoutes(rt web.Router) {
	rt.Handle("GET /persons/new", authz.PersonWrite, h.newForm)
	rt.Handle("POST /persons/new", authz.PersonWrite, h.register)
	rt.Handle("POST /persons/{fin}/household", authz.PersonWrite, h.createHousehold)
	rt.Handle("POST /persons/{fin}/categories", authz.PersonWrite, h.addCategory)
	rt.Handle("POST /households/{uuid}/members", authz.PersonWrite, h.setMember)
	rt.Handle("POST /households/{uuid}/utility", authz.PersonWrite, h.setUtility)
}

// setUtility records the household's monthly utility and communication cost, typed in manat.
func (h *Handler) setUtility(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	back := r.PostFormValue("back")
	if _, ok := registry.NormalizeFIN(back); !ok {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	cost, err := money.Parse(strings.TrimSpace(r.PostFormValue("utility_cost")))
	if err != nil {
		err = fail.Fields{{Name: "utility_cost", Key: "invalid.utility_cost"}}
	} else {
		_, err = h.svc.SetUtility(r.Context(), r.PathValue("uuid"), version, cost, r.PostFormValue("utility_cost_source"))
	}
	h.afterTabWrite(w, r, back, "household", err)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	values := map[string]string{"citizenship": "AZE"}
	web.Render(w, r, http.StatusOK, newPage(newView{Values: values, Places: h.svc.AddressPlaces()}))
}

// register creates a person from the front-office form; all field errors come back at once.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	values := map[string]string{}
	for _, f := range registry.EditableFields {
		if v := r.PostForm.Get(f); v != "" || f == "last_name" || f == "first_name" {
			values[f] = v
		}
	}
	fin := r.PostForm.Get("fin")
	p, err := h.svc.Create(r.Context(), fin, values, registry.SourceManual)
	if err == nil {
		http.Redirect(w, r, "/persons/"+p.FIN+"?saved=1", http.StatusSeeOther)
		return
	}
	msgs := web.FieldMessages(r.Context(), err)
	if errors.Is(err, fail.ErrDuplicate) {
		msgs = map[string]string{"fin": i18n.T(r.Context(), "error.duplicate")}
	}
	if msgs == nil {
		web.HTMLError(w, r, err)
		return
	}
	values["fin"] = fin
	web.Render(w, r, http.StatusUnprocessableEntity, newPage(newView{Values: values, Errors: msgs, Places: h.svc.AddressPlaces()}))
}

func (h *Handler) createHousehold(w http.ResponseWriter, r *http.Request) {
	fin := r.PathValue("fin")
	place, _ := strconv.ParseInt(r.PostFormValue("place_id"), 10, 64)
	_, err := h.svc.CreateHousehold(r.Context(), fin, place, r.PostFormValue("address"))
	h.afterTabWrite(w, r, fin, "household", err)
}

func (h *Handler) setMember(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	fin, back := r.PostFormValue("fin"), r.PostFormValue("back")
	_, err := h.svc.SetMember(r.Context(), r.PathValue("uuid"), version, fin, r.PostFormValue("relationship"))
	if _, ok := registry.NormalizeFIN(back); !ok {
		back = fin
	}
	h.afterTabWrite(w, r, back, "household", err)
}

func (h *Handler) addCategory(w http.ResponseWriter, r *http.Request) {
	fin := r.PathValue("fin")
	p, err := h.svc.Person(r.Context(), fin, "category")
	if err == nil {
		c := registry.Category{Code: r.PostFormValue("category"), Evidence: strings.TrimSpace(r.PostFormValue("evidence"))}
		var errs fail.Fields
		if c.ValidFrom, err = clock.ParseDate(r.PostFormValue("valid_from")); err != nil {
			errs.Add("valid_from", "invalid.date", nil)
		}
		if s := r.PostFormValue("valid_until"); s != "" {
			if c.ValidUntil, err = clock.ParseDate(s); err != nil {
				errs.Add("valid_until", "invalid.date", nil)
			}
		}
		err = errs.Err()
		if err == nil {
			_, err = h.svc.AddCategory(r.Context(), p, c)
		}
	}
	h.afterTabWrite(w, r, fin, "categories", err)
}

// afterTabWrite sends the officer back to the card's tab: with "saved" on success, or with the
// problems listed above the tab (a stale household shows the conflict message).
func (h *Handler) afterTabWrite(w http.ResponseWriter, r *http.Request, fin, tab string, err error) {
	if err == nil {
		http.Redirect(w, r, "/persons/"+url.PathEscape(fin)+"?tab="+tab+"&saved=1", http.StatusSeeOther)
		return
	}
	var problems []string
	switch msgs := web.FieldMessages(r.Context(), err); {
	case msgs != nil:
		for f, m := range msgs {
			problems = append(problems, i18n.T(r.Context(), "field."+f)+": "+m)
		}
	case errors.Is(err, fail.ErrConflict):
		problems = []string{i18n.T(r.Context(), "person.conflict")}
	case errors.Is(err, fail.ErrNotFound):
		problems = []string{i18n.T(r.Context(), "error.not_found")}
	default:
		web.HTMLError(w, r, err)
		return
	}
	h.renderCard(w, r, fin, tab, http.StatusUnprocessableEntity, strings.Join(problems, " "), r.PostForm)
}
