package layout

import "context"

// DemoInbox is the demo's page of simulated SMS and e-mail, linked from the banner.
const DemoInbox = "/demo/messages"

type demoKey struct{}

type demoMode struct{ inbox bool }

// WithDemo marks a request as served by a demo installation: every page it renders carries
// the demo banner, with a link to the simulated inbox when inbox is set. The app sets it on
// every request of a demo, so the frame learns the mode from the request, not from a global
// that tests or a second app in the process would share.
func WithDemo(ctx context.Context, inbox bool) context.Context {
	return context.WithValue(ctx, demoKey{}, demoMode{inbox: inbox})
}

// IsDemo reports whether ctx belongs to a demo installation's request.
func IsDemo(ctx context.Context) bool {
	_, ok := ctx.Value(demoKey{}).(demoMode)
	return ok
}

// demoInbox reports whether the demo's simulated inbox exists.
func demoInbox(ctx context.Context) bool {
	m, _ := ctx.Value(demoKey{}).(demoMode)
	return m.inbox
}
