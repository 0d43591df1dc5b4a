package app

import (
	"context"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit/alerts"
)

// institutionTree hands identity's institutions to the alert feed, which knows no domain.
type institutionTree struct{ ids *identity.Service }

// InstitutionTree lists every institution with its parent.
func (t institutionTree) InstitutionTree(ctx context.Context) ([]alerts.Institution, error) {
	all, err := t.ids.Institutions(ctx)
	out := make([]alerts.Institution, len(all))
	for i, inst := range all {
		out[i] = alerts.Institution{ID: inst.ID, ParentID: inst.ParentID, Code: inst.Code}
	}
	return out, err
}
