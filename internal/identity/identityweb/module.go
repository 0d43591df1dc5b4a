package identityweb

import (
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is identity's pages (staff and citizen sign-in, accounts, grants, tokens), API,
// navigation, home page and permission: administrators manage accounts but read no personal
// file. citizens finds the person a citizen signs in as; login says how they may.
func (h *Handler) Module(citizens Citizens, login identity.CitizenLogin) web.Module {
	return web.Module{
		Name: "identity",
		Routes: func(rt web.Router) {
			h.Routes(rt)
			h.CitizenRoutes(rt, citizens, login)
		},
		API: h.API,
		Nav: []layout.NavItem{
			{Key: "nav.users", Href: "/admin/users", Permission: authz.UserManage, Order: 90},
			{Key: "accounts.nav_grants", Href: "/admin/grants", Permission: authz.UserManage, Order: 100},
			{Key: "nav.two_factor", Href: "/admin/two-factor", Permission: authz.UserManage, Order: 170},
			{Key: "nav.tokens", Href: "/account/tokens", Permission: authz.Authenticated, Order: 180},
		},
		Home:        []web.Home{{Href: "/admin/users", Permission: authz.UserManage, Priority: 60}},
		Permissions: []authz.Declaration{{Permission: authz.UserManage, Roles: []authz.Role{authz.Admin}}},
	}
}
