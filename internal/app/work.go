package app

import (
	"context"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/servicedesk"
	"github.com/dost-platform/dost/internal/servicedesk/servicedeskweb"
)

// appealWork gives the single window's "my work" the appeals assigned to an officer, without
// the single window depending on the appeals domain (a later step of the delivery chain).
type appealWork struct {
	svc *appeals.Service
	cal *workdays.Live
}

// AppealsOf is one keyset page of the appeals assigned to q's logins, open ones unless all,
// earliest due first, with their total: the appeals register's own page (and its audit
// entry), so that none is cut off and each shows the deadline state applications show.
func (w appealWork) AppealsOf(ctx context.Context, q servicedeskweb.AppealQuery) (list.Result[servicedeskweb.WorkItem], error) {
	f := appeals.Filter{OpenOnly: !q.All, Assignees: q.Logins, Deadline: q.Deadline}
	res, err := w.svc.Page(ctx, f, q.Page)
	if err != nil {
		return list.Result[servicedeskweb.WorkItem]{}, err
	}
	today, cal := w.svc.Today(), w.cal.Get()
	out := make([]servicedeskweb.WorkItem, len(res.Rows))
	for i, a := range res.Rows {
		answered := a.AnsweredOn
		if answered.IsZero() && !a.Open() {
			answered = a.ReceivedOn // closed unanswered (refused): nothing is late
		}
		out[i] = servicedeskweb.WorkItem{Href: "/appeals/" + a.UUID, Number: a.Number, Subject: a.Subject, StatusKey: "appeal.status." + a.Status,
			DueOn: a.DueOn, Deadline: servicedesk.DeadlineState(cal, a.ReceivedOn, a.DueOn, answered, today), AssignedTo: a.AssignedTo}
	}
	return list.Result[servicedeskweb.WorkItem]{Rows: out, Total: res.Total, Next: res.Next}, nil
}
