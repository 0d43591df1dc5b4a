package queueweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the queue's pages, API, navigation, home page and permission: front offices serve
// the queue at their desks; the kiosk and the board are public. (The front office also files
// applications with the same permission, in the single window.)
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:   "queue",
		Routes: h.Routes,
		API:    h.API,
		Nav:    []layout.NavItem{{Key: "nav.desk", Href: "/desk", Permission: authz.QueueServe, Order: 10}},
		Home:   []web.Home{{Href: "/desk", Permission: authz.QueueServe, Priority: 20}},
		Permissions: []authz.Declaration{
			{Permission: authz.QueueServe, Roles: []authz.Role{authz.FrontOffice}},
		},
	}
}
