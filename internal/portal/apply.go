package portal

import (
	"errors"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// services lists what a citizen can apply for online.
func (h *Handler) services(w http.ResponseWriter, r *http.Request) {
	ps, err := h.desk.ForChannel(r.Context(), servicedesk.ChannelPortal)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, servicesPage(ps))
}

func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request) {
	h.renderApply(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderApply(w http.ResponseWriter, r *http.Request, status int, problem string, fields map[string]string) {
	p, err := h.desk.Passport(r.Context(), r.PathValue("code"))
	if err != nil || !p.Active || !p.Offers(servicedesk.ChannelPortal) {
		web.HTMLError(w, r, notFound(err))
		return
	}
	web.Render(w, r, status, applyPage(p, problem, fields))
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	docs, err := documents(r)
	if err == nil {
		var a servicedesk.Application
		a, err = h.desk.File(r.Context(), servicedesk.NewApplication{ServiceCode: r.PathValue("code"), FIN: me(r).PersonFIN,
			Channel: servicedesk.ChannelPortal, Lang: i18n.Lang(r.Context()), Documents: docs})
		if err == nil {
			http.Redirect(w, r, "/e-social/applications/"+a.UUID+"?filed=1", http.StatusSeeOther)
			return
		}
	}
	status, msg, fields := web.FormError(r.Context(), err)
	h.renderApply(w, r, status, msg, fields)
}

func (h *Handler) application(w http.ResponseWriter, r *http.Request) {
	h.renderApplication(w, r, http.StatusOK, "")
}

func (h *Handler) renderApplication(w http.ResponseWriter, r *http.Request, status int, problem string) {
	a, err := h.desk.Application(r.Context(), r.PathValue("uuid"))
	if err == nil {
		a.Note, err = h.desk.Explanation(r.Context(), a, i18n.Lang(r.Context()))
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	var rating *servicedesk.Rating
	if a.Status == servicedesk.Delivered {
		if rt, err := h.desk.RatingOf(r.Context(), a.ID); err == nil {
			rating = &rt
		}
	}
	flash := ""
	if r.URL.Query().Get("filed") == "1" {
		flash = i18n.TA(r.Context(), "application.filed", map[string]any{"Number": a.Number, "Due": a.DueOn.In(i18n.Lang(r.Context()))})
	}
	web.Render(w, r, status, applicationPage(h.rows([]servicedesk.Application{a})[0], rating, flash, problem))
}

func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	if _, err := h.desk.Move(r.Context(), r.PathValue("uuid"), servicedesk.Withdrawn, "", ""); err != nil {
		_, msg := web.ErrorMessage(r.Context(), err)
		h.renderApplication(w, r, http.StatusUnprocessableEntity, msg)
		return
	}
	http.Redirect(w, r, "/e-social/applications/"+r.PathValue("uuid"), http.StatusSeeOther)
}

func notFound(err error) error {
	if err == nil {
		return fail.ErrNotFound
	}
	return err
}

func isNotFound(err error) bool { return errors.Is(err, fail.ErrNotFound) }

// documents reads the files of the application form: inputs named doc_<type>.
func documents(r *http.Request) ([]servicedesk.Document, error) {
	files, err := web.Files(r, "doc_", servicedesk.MaxUpload, servicedesk.MaxDocumentSize)
	out := make([]servicedesk.Document, len(files))
	for i, f := range files {
		out[i] = servicedesk.Document{Type: f.Kind, FileName: f.FileName, ContentType: f.ContentType, Content: f.Content}
	}
	return out, err
}
