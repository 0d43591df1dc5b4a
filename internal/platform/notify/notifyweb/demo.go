package notifyweb

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/notify/smsgateway"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// DemoInbox is the demo's page of the simulated gateway's inbox: the texts that would have
// reached phones, so that a demo user can read an activation code. It shows message texts,
// so it exists only in a demo (the app registers it only there) and only for the staff who
// run the notification outbox. Reading it is in the audit log like any read of addresses.
type DemoInbox struct {
	gateway *smsgateway.Gateway
	audit   audit.Recorder
}

// NewDemoInbox returns the page of gw's inbox.
func NewDemoInbox(gw *smsgateway.Gateway, a audit.Recorder) *DemoInbox {
	return &DemoInbox{gateway: gw, audit: a}
}

// Routes registers the page.
func (h *DemoInbox) Routes(rt web.Router) {
	rt.Handle("GET "+layout.DemoInbox, authz.Operations, h.inbox)
}

func (h *DemoInbox) inbox(w http.ResponseWriter, r *http.Request) {
	inbox := h.gateway.Inbox()
	e := audit.For(r.Context(), audit.Read, "demo inbox", "notification", "", audit.Msg("messages_shown", "Count", len(inbox)))
	if err := h.audit.Record(r.Context(), e); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, demoInboxPage(inbox))
}
