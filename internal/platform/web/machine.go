package web

import (
	"net/http"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Machine is how a machine route knows its caller: Authenticate turns the request's own
// credential (not a staff session) into a principal, and Refuse answers a refusal in the
// protocol's own error format — another institution's system does not follow a redirect to
// a sign-in page. Both belong to the domain that speaks the protocol.
type Machine struct {
	Authenticate func(r *http.Request) (*authz.Principal, error)
	Refuse       func(w http.ResponseWriter, r *http.Request, err error)
	Limit        int64 // body limit
}

// HandleMachine registers a machine route: a route called by another system, authenticated
// by its own credential. It is in the route list like any other, so the role × route test
// walks it (a staff session is refused: staff hold no machine permission); the check point
// is the same Can(perm), made on the principal m.Authenticate returns. A failed
// authentication is refused with its own error, a principal without perm with
// fail.ErrForbidden, both through m.Refuse. Reads it makes are recorded as an API client's.
func (rt Router) HandleMachine(pattern string, perm authz.Permission, m Machine, h http.HandlerFunc) {
	method, path, _ := strings.Cut(pattern, " ")
	*rt.Routes = append(*rt.Routes, Route{Method: method, Path: path, Permission: perm})
	rt.Mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p, err := m.Authenticate(r)
		switch {
		case err != nil:
			m.Refuse(w, r, err)
			return
		case !p.Can(perm):
			m.Refuse(w, r, fail.ErrForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, m.Limit)
		h(w, r.WithContext(audit.ViaToken(authz.With(r.Context(), p))))
	})
}
