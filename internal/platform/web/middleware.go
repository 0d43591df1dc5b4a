// Package web is the HTTP plumbing every domain's handlers share: request ids, JSON access
// logs without personal data, metrics, secure headers, cross-origin protection, the one
// authorisation check point for routes, and the mapping of errors to statuses.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/request"
)

type routeKey struct{}

// Routed wraps the mux so that Observe learns which route pattern served the request: the
// mux sets Pattern on the request it is given, which middleware has copied since. A path no
// route serves, or a method its route does not take, is answered as any other error — a page
// in the user's language with a way back, a Problem under /api/ — not the mux's plain text.
func Routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" && unrouted(w, r, mux) {
			return
		}
		mux.ServeHTTP(w, r)
		if route, ok := r.Context().Value(routeKey{}).(*string); ok && r.Pattern != "" {
			*route = r.Pattern
		}
	})
}

// unrouted answers a request the mux has no route for, and reports whether it did: the mux
// is asked on a writer that keeps only the status and headers, so that a 404 or a 405 (with
// its Allow header) becomes an error page and anything else — the mux's redirect to a clean
// path — is left to the mux.
func unrouted(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) bool {
	probe := &statusOnly{header: http.Header{}}
	mux.ServeHTTP(probe, r)
	var p *Problem
	switch probe.status {
	case http.StatusNotFound:
		p = ToProblem(r.Context(), fail.ErrNotFound, "")
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", probe.header.Get("Allow"))
		p = &Problem{Status: http.StatusMethodNotAllowed, Title: http.StatusText(http.StatusMethodNotAllowed), Key: "error.method",
			Detail: i18n.T(r.Context(), "error.method"), Instance: "urn:request:" + RequestID(r.Context())}
	default:
		return false
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(p.Status)
		json.NewEncoder(w).Encode(p)
		return true
	}
	HTMLError(w, r, p)
	return true
}

// statusOnly is a ResponseWriter that keeps the status and headers and drops the body.
type statusOnly struct {
	header http.Header
	status int
}

func (s *statusOnly) Header() http.Header         { return s.header }
func (s *statusOnly) Write(b []byte) (int, error) { return len(b), nil }
func (s *statusOnly) WriteHeader(status int)      { s.status = status }

// RequestID returns the id of the request in ctx.
func RequestID(ctx context.Context) string { return request.From(ctx).ID }

var (
	requests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "dost_http_requests_total", Help: "HTTP requests by route pattern and status.",
	}, []string{"route", "status"})
	latency = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name: "dost_http_request_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
)

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Observe gives each request an id (X-Request-ID) and its client's address (through the
// trusted proxies) in request.Info, recovers panics, and logs and counts it by route
// pattern. Only the pattern is logged, never the path or query, which can hold a FİN or a
// name, nor the client's address.
func Observe(log *slog.Logger, proxies request.Proxies, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newID()
		w.Header().Set("X-Request-ID", id)
		route := "unmatched"
		ctx := request.With(r.Context(), request.Info{ID: id, ClientIP: proxies.ClientIP(r), TLS: proxies.TLS(r)})
		r = r.WithContext(context.WithValue(ctx, routeKey{}, &route))
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					http.Error(rec, "internal error, request "+id, http.StatusInternalServerError)
				}
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
			latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
			log.Info("request", "request_id", id, "method", r.Method, "route", route, "status", status,
				"ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

// SecureHeaders sets the headers every response carries. Every response but the static
// files is "no-store": pages and downloads carry personal data, which must not stay in a
// shared computer's or a proxy's cache. When the client came over TLS (directly or through a
// trusted proxy, as Observe worked out), HSTS is sent and every cookie set is Secure.
func SecureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		if r.TLS == nil && !request.From(r.Context()).TLS {
			next.ServeHTTP(w, r)
			return
		}
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		sc := &secureCookies{recorder: recorder{ResponseWriter: w}}
		next.ServeHTTP(sc, r)
		if sc.status == 0 { // nothing written: net/http sends the headers after we return
			markSecure(h)
		}
	})
}

// secureCookies marks every cookie Secure just before the headers go out: the session
// manager sets its cookie from a static setting that cannot know the request came through
// a TLS proxy.
type secureCookies struct{ recorder }

func (s *secureCookies) WriteHeader(code int) {
	if s.status == 0 {
		markSecure(s.Header())
	}
	s.recorder.WriteHeader(code)
}

func (s *secureCookies) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

func markSecure(h http.Header) {
	cookies := h["Set-Cookie"]
	for i, c := range cookies {
		if !strings.Contains(strings.ToLower(c), "; secure") {
			cookies[i] = c + "; Secure"
		}
	}
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
