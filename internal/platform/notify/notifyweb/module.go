package notifyweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the notification outbox's page, navigation and permission, for administrators.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:        "notify",
		Routes:      h.Routes,
		Nav:         []layout.NavItem{{Key: "nav.notifications", Href: "/admin/notifications", Permission: authz.Operations, Order: 120}},
		Permissions: []authz.Declaration{{Permission: authz.Operations, Roles: []authz.Role{authz.Admin}}},
	}
}

// Module is the demo's simulated inbox, linked from the demo banner rather than the navigation.
func (h *DemoInbox) Module() web.Module {
	return web.Module{Name: "demo-inbox", Routes: h.Routes}
}
