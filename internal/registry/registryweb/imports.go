package registryweb

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// ImportLimit is the largest income file an officer may upload (about four million lines).
const ImportLimit = 200 << 20

// WithImports gives the handler the platform's importer, for the income import pages.
func (h *Handler) WithImports(imp *importer.Service) *Handler {
	h.imports = imp
	return h
}

func (h *Handler) importRoutes(rt web.Router) {
	rt.Handle("GET /imports/income", authz.PersonWrite, h.importForm)
	rt.Handle("POST /imports/income", authz.PersonWrite, h.importUpload)
	rt.Handle("GET /imports/income/template.csv", authz.PersonWrite, h.importTemplate)
	rt.Handle("GET /imports/income/{id}", authz.PersonWrite, h.importStatus)
	rt.Handle("GET /imports/income/{id}/errors.csv", authz.PersonWrite, h.importErrors)
}

// importUploads names the upload route and its body limit for the module.
var importUploads = map[string]int64{"POST /imports/income": ImportLimit}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) {
	h.renderImportForm(w, r, http.StatusOK, importFormView{Mode: ""})
}

func (h *Handler) renderImportForm(w http.ResponseWriter, r *http.Request, status int, v importFormView) {
	recent, err := h.imports.Recent(r.Context(), registrydb.IncomeKind, 20)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Recent = recent
	web.Render(w, r, status, importFormPage(v))
}

// importUpload keeps the file and starts its job; the officer follows it on its own page.
func (h *Handler) importUpload(w http.ResponseWriter, r *http.Request) {
	mode := r.FormValue("mode")
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, importFormView{Mode: mode,
			Errors: web.FieldMessages(r.Context(), fail.Fields{{Name: "file", Key: "import.format"}})})
		return
	}
	defer f.Close()
	imp, err := h.imports.Upload(r.Context(), registrydb.IncomeKind, fh.Filename, mode, f)
	if msgs := web.FieldMessages(r.Context(), err); msgs != nil {
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, importFormView{Mode: mode, Errors: msgs})
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/income/"+strconv.FormatInt(imp.ID, 10), http.StatusSeeOther)
}

// importOf reads the import in the path; only income imports are shown here.
func (h *Handler) importOf(r *http.Request) (importer.Import, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	imp, err := h.imports.Get(r.Context(), id)
	if err == nil && imp.Kind != registrydb.IncomeKind {
		err = fail.ErrNotFound
	}
	return imp, err
}

// importStatus shows an import's progress while it runs (polled) and its counts and first
// bad lines when it has ended.
func (h *Handler) importStatus(w http.ResponseWriter, r *http.Request) {
	imp, err := h.importOf(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v := importView{Imp: imp}
	if imp.Over() {
		v.Errors, err = h.imports.Errors(r.Context(), imp.ID, 0, 100)
		if err != nil {
			web.HTMLError(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, importPage(v))
}

// importTemplate is an empty file with the header and one example line.
func (h *Handler) importTemplate(w http.ResponseWriter, r *http.Request) {
	k, err := h.imports.Kind(registrydb.IncomeKind)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="income-template.csv"`)
	c := csv.NewWriter(w)
	c.Write(k.Columns)
	c.Write(k.Example)
	c.Flush()
}

// importErrors streams every bad line as CSV: line, column, the message in the officer's
// language.
func (h *Handler) importErrors(w http.ResponseWriter, r *http.Request) {
	imp, err := h.importOf(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	ctx := r.Context()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="income-import-`+strconv.FormatInt(imp.ID, 10)+`-errors.csv"`)
	c := csv.NewWriter(w)
	c.Write([]string{i18n.T(ctx, "import.line"), i18n.T(ctx, "import.column"), i18n.T(ctx, "import.message")})
	err = h.imports.EachError(ctx, imp.ID, func(e importer.LineError) error {
		c.Write([]string{strconv.FormatInt(e.Line, 10), e.Column, i18n.T(ctx, e.Key)})
		return c.Error()
	})
	c.Flush()
	if err != nil && !errors.Is(err, ctx.Err()) {
		web.HTMLError(w, r, err)
	}
}
