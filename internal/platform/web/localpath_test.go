package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/authz"
)

// openRedirects are "next" values that Chromium follows to another host, or that carry a
// scheme or a host of their own.
var openRedirects = []string{
	`/\evil.example`, `/%5Cevil.example`, `/%5cevil.example`, "/\tevil", "/\t/evil.example", "/\n/evil.example",
	"/\r\n/evil.example", `\/evil.example`, `\\evil.example`, "//evil", "///evil.example", "https://evil",
	"http:evil.example", "javascript:alert(1)", "\t//evil.example", " //evil.example", "/%2F/evil.example",
	"/%09/evil.example", "", "evil.example", "/\x00evil",
}

// TestAttackOpenRedirect: every attack string becomes "/", a same-site path stays.
func TestAttackOpenRedirect(t *testing.T) {
	for _, next := range openRedirects {
		if got := LocalPath(next); got != "/" {
			t.Errorf("LocalPath(%q) = %q, want /", next, got)
		}
	}
	for _, next := range []string{"/", "/persons", "/persons?q=a&page=2", "/e-social/appeals/7", "/audit?entity=two_factor"} {
		if got := LocalPath(next); got != next {
			t.Errorf("LocalPath(%q) = %q, want it kept", next, got)
		}
	}
}

// TestAttackOpenRedirectRequire: the next a page's sign-in redirect carries is local.
func TestAttackOpenRedirectRequire(t *testing.T) {
	h := Require(authz.PersonRead, http.NotFoundHandler())
	for _, target := range []string{"/persons?x=1&y=2", "/%5Cevil.example"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		loc, _ := url.Parse(w.Header().Get("Location"))
		next := loc.Query().Get("next")
		if loc.Path != "/login" || LocalPath(next) != next || strings.Contains(next, `\`) {
			t.Errorf("%s: redirected to %q (next %q)", target, w.Header().Get("Location"), next)
		}
	}
}
