package appealsweb

import (
	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the appeals' pages, API, navigation and permission, for the offices that
// register, forward and answer appeals.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:   "appeals",
		Routes: h.Routes,
		API:    h.API,
		Nav:    []layout.NavItem{{Key: "nav.appeals", Href: "/appeals", Permission: authz.AppealHandle, Order: 40}},
		Permissions: []authz.Declaration{
			{Permission: authz.AppealHandle, Roles: []authz.Role{authz.FrontOffice, authz.BackOffice, authz.Manager}},
			{Permission: appeals.Assign, Roles: []authz.Role{authz.Manager}},
		},
	}
}
