package servicedeskweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Module is the single window's pages, API, navigation, home pages and permissions:
// administrators keep the catalogue, analysts and managers read the service reports. Front
// offices file applications with the queue's permission, queue.serve, which the queue's
// module declares. The public catalogue is in the portal's navigation.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:   "servicedesk",
		Routes: h.Routes,
		// the application form's documents; a certificate's scan to verify
		Uploads: map[string]int64{"POST /applications": servicedesk.MaxUpload, "POST /verify": 4 << 20},
		API:     h.API,
		Nav: []layout.NavItem{
			{Key: "nav.applications", Href: "/applications", Permission: authz.Decide, Order: 30},
			{Key: "nav.my_work", Href: "/work", Permission: authz.Decide, Order: 29},
			{Key: "nav.reports", Href: "/reports/service", Permission: authz.ServiceReport, Order: 50},
			{Key: "nav.catalogue", Href: "/admin/services", Permission: authz.CatalogueManage, Order: 110},
			{Key: "portal.nav.services", Href: "/services", Permission: authz.Public, Order: 60, Portal: true},
		},
		Home: []web.Home{
			{Href: "/work", Permission: authz.Decide, Unless: servicedesk.Assign, Priority: 25}, // an officer's day starts with their work
			{Href: "/reports/service", Permission: authz.ServiceReport, Unless: authz.ProgramManage, Priority: 40},
		},
		Permissions: []authz.Declaration{
			{Permission: authz.CatalogueManage, Roles: []authz.Role{authz.Admin}},
			{Permission: authz.ServiceReport, Roles: []authz.Role{authz.Analyst, authz.Manager}},
			{Permission: servicedesk.Assign, Roles: []authz.Role{authz.Manager}},
		},
	}
}
