package portal

import (
	"context"
	"net/http"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// appealForm is the citizen's appeal: to which institution, of what kind, about what.
func (h *Handler) appealForm(w http.ResponseWriter, r *http.Request) {
	h.renderAppealForm(w, r, http.StatusOK, appeals.New{Institution: "DOST"}, "", nil)
}

func (h *Handler) renderAppealForm(w http.ResponseWriter, r *http.Request, status int, in appeals.New, problem string, fields map[string]string) {
	insts, err := h.institutions(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, appealFormPage(in, insts, problem, fields))
}

func (h *Handler) fileAppeal(w http.ResponseWriter, r *http.Request) {
	in := appeals.New{Channel: "portal", Category: r.PostFormValue("category"), Subject: r.PostFormValue("subject"),
		Body: r.PostFormValue("body"), Institution: r.PostFormValue("institution"), Lang: i18n.Lang(r.Context())}
	a, err := h.appeals.Receive(r.Context(), in)
	if err != nil {
		status, msg, fields := web.FormError(r.Context(), err)
		h.renderAppealForm(w, r, status, in, msg, fields)
		return
	}
	http.Redirect(w, r, "/e-social/appeals/"+a.UUID, http.StatusSeeOther)
}

func (h *Handler) appeal(w http.ResponseWriter, r *http.Request) {
	a, err := h.appeals.Appeal(r.Context(), r.PathValue("uuid"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	insts, err := h.institutions(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, appealPage(a, a.Overdue(h.appeals.Today()), insts))
}

// institutions are the institutions an appeal can go to, in the directory's order.
type institutions []identity.Institution

// Name is the name of the institution with code in lang, or the code if there is none.
func (is institutions) Name(code, lang string) string {
	for _, i := range is {
		if i.Code == code {
			return i.Name.In(lang)
		}
	}
	return code
}

func (h *Handler) institutions(ctx context.Context) (institutions, error) {
	is, err := h.directory.Institutions(ctx)
	return institutions(is), err
}
