package web

import (
	"net/http"

	"github.com/a-h/templ"
)

// Render writes a page with status.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	c.Render(r.Context(), w)
}

// HTMLError answers a page request that failed with the status and message its error maps to.
func HTMLError(w http.ResponseWriter, r *http.Request, err error) {
	p := ToProblem(r.Context(), err, "")
	Render(w, r, p.Status, errorPage(p))
}
