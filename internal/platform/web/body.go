package web

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Body limits of the route classes. A page that takes no file gets FormLimit; a route that
// takes files is named in Router.Uploads with its own limit; the JSON API keeps huma's
// per-operation MaxBodyBytes (1 MiB unless an operation says otherwise).
const (
	FormLimit      = 1 << 20  // a form without files: ample for any text a person types
	StatementLimit = 50 << 20 // a bank's statement of a whole payroll
	// uploadMemory is how much of a multipart form is kept in memory; larger files go to
	// temporary files, which upload removes after the handler.
	uploadMemory = 1 << 20
)

// form is the body rule of every page that takes no file. The body is cut at FormLimit and
// parsed here, so that a handler's FormValue never reads more. A multipart body is refused
// before it is read: FormValue would otherwise write its files to the temporary directory
// (up to any size) on a request copy that net/http's own clean-up never sees.
func form(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isMultipart(r) {
			bodyError(w, r, http.StatusUnsupportedMediaType, "error.no_files", nil)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, FormLimit)
		if tooLarge(r.ParseForm()) {
			bodyError(w, r, http.StatusRequestEntityTooLarge, "error.too_large", map[string]any{"Max": FormLimit >> 20})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// upload is the body rule of a route that takes files: the body is cut at limit, and the
// multipart form is parsed here, on the request the handler receives, so that its temporary
// files are removed when the handler returns, whatever copies of the request were made on
// the way (a copy shares the parsed form and never parses again).
func upload(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		var err error
		if isMultipart(r) {
			err = r.ParseMultipartForm(uploadMemory)
			if r.MultipartForm != nil {
				defer r.MultipartForm.RemoveAll()
			}
		} else {
			err = r.ParseForm()
		}
		if tooLarge(err) {
			bodyError(w, r, http.StatusRequestEntityTooLarge, "error.too_large", map[string]any{"Max": limit >> 20})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasPrefix(mt, "multipart/")
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// bodyError answers a refused body with the error page in the visitor's language.
func bodyError(w http.ResponseWriter, r *http.Request, status int, key string, args map[string]any) {
	w.Header().Set("Connection", "close") // the rest of the body is not read
	p := &Problem{Status: status, Title: http.StatusText(status), Key: key, Detail: i18n.TA(r.Context(), key, args)}
	Render(w, r, status, errorPage(p))
}

// NoMultipartAPI is huma middleware that refuses a multipart body (415) before huma reads it:
// no operation of the API takes files as multipart (documents travel in JSON, statements as
// XML), and the answer should say so rather than that the body is too large.
func NoMultipartAPI(ctx huma.Context, next func(huma.Context)) {
	mt, _, _ := mime.ParseMediaType(ctx.Header("Content-Type"))
	if !strings.HasPrefix(mt, "multipart/") {
		next(ctx)
		return
	}
	status := http.StatusUnsupportedMediaType
	p := &Problem{Status: status, Title: http.StatusText(status), Key: "error.no_files", Detail: i18n.T(ctx.Context(), "error.no_files")}
	ctx.SetHeader("Connection", "close")
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(status)
	json.NewEncoder(ctx.BodyWriter()).Encode(p)
}
