package app

import (
	"context"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskweb"
)

// appealWork gives the single window's "my work" the appeals assigned to an officer, without
// the single window depending on the appeals domain (a later step of the delivery chain).
type appealWork struct{ svc *appeals.Service }

// AppealsOf lists the appeals assigned to logins, open ones unless all, earliest due first.
func (w appealWork) AppealsOf(ctx context.Context, logins []string, all bool) ([]servicedeskweb.WorkItem, error) {
	res, err := w.svc.Page(ctx, appeals.Filter{OpenOnly: !all, Assignees: logins}, list.Page{Size: list.MaxSize, Sort: "due"})
	if err != nil {
		return nil, err
	}
	today := w.svc.Today()
	out := make([]servicedeskweb.WorkItem, len(res.Rows))
	for i, a := range res.Rows {
		out[i] = servicedeskweb.WorkItem{Href: "/appeals/" + a.UUID, Number: a.Number, Subject: a.Subject, StatusKey: "appeal.status." + a.Status,
			DueOn: a.DueOn, Overdue: a.Overdue(today), AssignedTo: a.AssignedTo}
	}
	return out, nil
}
