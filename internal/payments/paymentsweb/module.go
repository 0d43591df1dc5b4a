package paymentsweb

import (
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// Module is payroll's pages, API, navigation and permission: only finance pays.
func (h *Handler) Module() web.Module {
	return web.Module{
		Name:        "payments",
		Routes:      h.Routes,
		Uploads:     map[string]int64{"POST /payroll/statements": web.StatementLimit}, // a bank's statement of a whole payroll
		API:         h.API,
		Nav:         []layout.NavItem{{Key: "nav.payroll", Href: "/payroll", Permission: authz.PaymentManage, Order: 70}},
		Permissions: []authz.Declaration{{Permission: authz.PaymentManage, Roles: []authz.Role{authz.FinanceOfficer}}},
	}
}
