package layout

import "context"

type navKey struct{}

// WithNav hands the composed modules' navigation to the pages a request renders. The app
// sets it on every request, so the frame holds no domain's address and no global that a
// second app in the process would share.
func WithNav(ctx context.Context, items []NavItem) context.Context {
	return context.WithValue(ctx, navKey{}, items)
}

// staffNav is the back office's navigation of the request, in order.
func staffNav(ctx context.Context) []NavItem { return navOf(ctx, false) }

// portalNav is the citizen portal's navigation of the request, in order.
func portalNav(ctx context.Context) []NavItem { return navOf(ctx, true) }

func navOf(ctx context.Context, portal bool) []NavItem {
	all, _ := ctx.Value(navKey{}).([]NavItem)
	var out []NavItem
	for _, item := range all {
		if item.Portal == portal {
			out = append(out, item)
		}
	}
	return out
}

type linksKey struct{}

// WithLinks gives pages of the request the test of whether its user may open a path on this
// site, so that they show a link only where it leads somewhere (not to a bare 403).
func WithLinks(ctx context.Context, canOpen func(ctx context.Context, path string) bool) context.Context {
	return context.WithValue(ctx, linksKey{}, canOpen)
}

// CanOpen reports whether the request's user may open path with GET. Without a test (a page
// rendered outside the site, in a unit test) every link is shown.
func CanOpen(ctx context.Context, path string) bool {
	if f, ok := ctx.Value(linksKey{}).(func(context.Context, string) bool); ok {
		return f(ctx, path)
	}
	return true
}
