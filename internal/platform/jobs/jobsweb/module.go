package jobsweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the operators' page and API of background work. The permission is the outbox's
// (operations.manage, declared by notifyweb): the same people watch both.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:   "jobs",
		Routes: h.Routes,
		API:    h.API,
		Nav:    []layout.NavItem{{Key: "nav.jobs", Href: "/admin/jobs", Permission: authz.Operations, Order: 125}},
	}
}
