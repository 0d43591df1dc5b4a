package portal

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Module is the citizen portal's pages (with the access log), its navigation, the home page
// of a signed-in citizen, and the citizen's one permission.
func (h *Handler) Module(access *AccessLog) web.Module {
	return web.Module{
		Name: "portal",
		Routes: func(rt web.Router) {
			h.Routes(rt)
			access.Routes(rt)
		},
		Uploads: map[string]int64{"POST /e-social/apply/{code}": servicedesk.MaxUpload}, // an application's documents
		Nav: []layout.NavItem{
			{Key: "portal.nav.home", Href: "/e-social", Permission: authz.CitizenSelf, Order: 10, Portal: true},
			{Key: "portal.nav.apply", Href: "/e-social/apply", Permission: authz.CitizenSelf, Order: 20, Portal: true},
			{Key: "portal.nav.book", Href: "/e-social/book", Permission: authz.CitizenSelf, Order: 30, Portal: true},
			{Key: "portal.nav.appeal", Href: "/e-social/appeals/new", Permission: authz.CitizenSelf, Order: 40, Portal: true},
			{Key: "portal.nav.access_log", Href: "/e-social/access-log", Permission: authz.CitizenSelf, Order: 50, Portal: true},
		},
		Home:        []web.Home{{Href: "/e-social", Permission: authz.CitizenSelf, Priority: 10}},
		Permissions: []authz.Declaration{{Permission: authz.CitizenSelf, Roles: []authz.Role{authz.Citizen}}},
	}
}
