package auditweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the audit log's page, API, navigation, home page and permission: the auditor
// reads the log rather than the registry.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:        "audit",
		Routes:      h.Routes,
		API:         h.API,
		Nav:         []layout.NavItem{{Key: "nav.audit", Href: "/audit", Permission: authz.AuditRead, Order: 80}},
		Home:        []web.Home{{Href: "/audit", Permission: authz.AuditRead, Priority: 50}},
		Permissions: []authz.Declaration{{Permission: authz.AuditRead, Roles: []authz.Role{authz.Auditor}}},
	}
}
