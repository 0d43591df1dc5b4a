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
