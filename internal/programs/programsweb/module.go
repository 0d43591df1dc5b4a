package programsweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the programmes' pages, API, navigation and permissions: back offices and
// managers decide awards, analysts define programmes and rules.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:   "programs",
		Routes: h.Routes,
		API:    h.API,
		Nav: []layout.NavItem{
			{Key: "nav.programs", Href: "/programs", Permission: authz.ProgramManage, Order: 60},
			{Key: "nav.overrides", Href: "/overrides", Permission: authz.Decide, Order: 150},
		},
		// an analyst's day is the programmes' rules and parameters, not the API's documentation
		Home: []web.Home{{Href: "/programs", Permission: authz.ProgramManage, Priority: 35}},
		Permissions: []authz.Declaration{
			{Permission: authz.Decide, Roles: []authz.Role{authz.BackOffice, authz.Manager}},
			{Permission: authz.ProgramManage, Roles: []authz.Role{authz.Analyst}},
		},
	}
}
