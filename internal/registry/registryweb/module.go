package registryweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is the registry's pages, API, navigation, home page and permissions: reading
// personal files is for the offices that serve persons, correcting them for those who
// register them; an administrator, analyst or auditor reads none.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:    "registry",
		Routes:  h.Routes,
		API:     h.API,
		Uploads: importUploads,
		Nav: []layout.NavItem{
			{Key: "nav.persons", Href: "/persons", Permission: authz.PersonRead, Order: 20},
			{Key: "nav.iban_changes", Href: "/iban-changes", Permission: authz.PersonWrite, Order: 160},
		},
		Home: []web.Home{{Href: "/persons", Permission: authz.PersonRead, Priority: 30}},
		Permissions: []authz.Declaration{
			{Permission: authz.PersonRead, Roles: []authz.Role{authz.FrontOffice, authz.BackOffice, authz.SocialWorker, authz.EmploymentOfficer, authz.FinanceOfficer, authz.Manager}},
			{Permission: authz.PersonWrite, Roles: []authz.Role{authz.FrontOffice, authz.BackOffice, authz.SocialWorker}},
		},
	}
}
