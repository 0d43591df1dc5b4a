package layout

import (
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"github.com/dost-platform/dost/internal/platform/authz"
)

// TestFrameShowsTheRequestsNavigation: the frame shows the entries of the request's
// navigation that the principal may open, in the order given, staff entries in the back
// office and portal entries in the portal, and no address of its own.
func TestFrameShowsTheRequestsNavigation(t *testing.T) {
	nav := []NavItem{
		{Key: "x.first", Href: "/first", Permission: authz.Authenticated},
		{Key: "x.hidden", Href: "/hidden", Permission: "test.nobody"},
		{Key: "x.second", Href: "/second", Permission: authz.Authenticated},
		{Key: "x.portal", Href: "/portal-page", Permission: authz.Public, Portal: true},
	}
	ctx := authz.With(WithNav(context.Background(), nav), &authz.Principal{Login: "u", Name: "U"})
	render := func(c templ.Component) string {
		var b strings.Builder
		if err := c.Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	staff := render(Page("t", "/second"))
	first, second := strings.Index(staff, `href="/first"`), strings.Index(staff, `href="/second"`)
	if first < 0 || second < first || strings.Contains(staff, "/hidden") || strings.Contains(staff, "/portal-page") {
		t.Errorf("staff navigation wrong:\n%s", staff)
	}
	portal := render(Portal("t", ""))
	if !strings.Contains(portal, `href="/portal-page"`) || strings.Contains(portal, `href="/first"`) {
		t.Errorf("portal navigation wrong:\n%s", portal)
	}
	bare := context.Background()
	var b strings.Builder
	Page("t", "").Render(authz.With(bare, &authz.Principal{Login: "u"}), &b)
	if strings.Contains(b.String(), "/persons") || strings.Contains(b.String(), "/desk") {
		t.Error("the frame holds a domain's address")
	}
}
