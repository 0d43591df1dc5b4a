package app_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
)

var (
	hrefs = regexp.MustCompile(`href="(/[^"]*)"`)
	// rawKey is a text that looks like a message key shown instead of its message: the whole
	// text of an element, dotted lowercase words ("rule.status.draft").
	rawKey = regexp.MustCompile(`>\s*([a-z_]+(?:\.[a-z_]*[a-z][a-z_0-9]*)+)\s*<`)
)

// TestLinksLeadSomewhere walks the site as every demo account, from its start page along the
// links its pages show, and finds no link that leads to a page the account may not open or
// one that fails — a link is shown only where it leads — and no page that shows a message key
// instead of its text.
func TestLinksLeadSomewhere(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		for _, acc := range demo.Accounts {
			c := login(t, srv, a, acc.Login)
			seen := map[string]bool{}
			queue := []string{"/"}
			for len(queue) > 0 && len(seen) < 60 {
				path := queue[0]
				queue = queue[1:]
				if seen[path] {
					continue
				}
				seen[path] = true
				resp, err := c.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusFound:
					queue = append(queue, resp.Header.Get("Location"))
				case resp.StatusCode != http.StatusOK:
					t.Errorf("%s: a link leads to %s, which answers %d", acc.Login, path, resp.StatusCode)
				case strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"):
					for _, m := range rawKey.FindAllStringSubmatch(string(b), -1) {
						t.Errorf("%s: %s shows %q, a message key, not its text", acc.Login, path, m[1])
					}
					for _, m := range hrefs.FindAllStringSubmatch(string(b), -1) {
						if link := html.UnescapeString(m[1]); followable(link) {
							queue = append(queue, link)
						}
					}
				}
			}
			t.Logf("%s: %d pages", acc.Login, len(seen))
		}
	})
}

// followable leaves out what is not a page: signing out, files, downloads and assets.
func followable(link string) bool {
	for _, skip := range []string{"/logout", "/static/", "format=", "/files/", "/documents/", "/metrics", "/openapi", "/schemas"} {
		if strings.Contains(link, skip) {
			return false
		}
	}
	return true
}
