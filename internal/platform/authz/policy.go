package authz

import (
	"slices"
	"sync"
)

// Declaration is one permission a domain introduces and the roles that carry it by default.
// Separation of duties is deliberate: an admin manages accounts but does not read personal
// files, an analyst sees only statistics, and an auditor reads the log rather than the
// registry; each domain's declaration says so for its own permissions.
type Declaration struct {
	Permission Permission
	Roles      []Role
}

// policy is the role → permission matrix, assembled from the domains' declarations.
var policy = struct {
	sync.RWMutex
	roles map[Role][]Permission
}{roles: map[Role][]Permission{}}

// Declare grants each declaration's permission to its roles. Declaring the same permission
// again (several domains, or a second system in one process) adds nothing, so the matrix is
// the union of what the domains declare, whatever the order.
func Declare(ds ...Declaration) {
	policy.Lock()
	defer policy.Unlock()
	for _, d := range ds {
		for _, r := range d.Roles {
			if !slices.Contains(policy.roles[r], d.Permission) {
				policy.roles[r] = append(policy.roles[r], d.Permission)
			}
		}
	}
}

// Has reports whether role r carries perm.
func (r Role) Has(perm Permission) bool {
	policy.RLock()
	defer policy.RUnlock()
	return slices.Contains(policy.roles[r], perm)
}

// Permissions lists the permissions role r carries, in the order they were declared.
func (r Role) Permissions() []Permission {
	policy.RLock()
	defer policy.RUnlock()
	return slices.Clone(policy.roles[r])
}
