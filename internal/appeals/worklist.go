package appeals

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/list"
)

// Assign is the permission to assign appeals to officers: a manager's.
const Assign authz.Permission = "appeal.assign"

// Sorts are the orders of the appeals list: earliest due first, or newest received first.
var Sorts = []string{"due", "received"}

// Deadline states a list can be narrowed to.
const (
	OnTrack  = "on_track"     // open, more than a fifth of its working days left
	AtRisk   = "at_risk"      // open, a fifth of its working days or fewer left (workdays.AtRisk)
	Breached = "breached"     // open and past due
	InTime   = "open_in_time" // open within the deadline
	Late     = "late"         // answered after the due date
	Met      = "met"          // answered by it
)

// DeadlineFilters lists them in the order a form offers them.
var DeadlineFilters = []string{OnTrack, AtRisk, Breached, InTime, Late, Met}

// judged sets the day a filter's deadline state is judged on and, for the on-track and at-risk
// states, the date steps that decide "at risk" in SQL (workdays.RiskSteps), counted from the
// day received as the single window counts from the day filed. Every due date is set at most
// ExtendedDays working days after a day already passed, so none lies further ahead.
func (s *Service) judged(f Filter) Filter {
	today := s.Today()
	f.Today, f.Risk = today.String(), nil
	if f.Deadline == AtRisk || f.Deadline == OnTrack {
		f.Risk = s.calendar.Get().RiskSteps(today, ExtendedDays)
	}
	return f
}

// Statuses are an appeal's statuses in the order of its life.
var Statuses = []string{Registered, InProgress, Answered, Refused}

// Unassigned selects appeals assigned to nobody.
const Unassigned = "-"

// Assigned is the action of the appeal event that records an assignment; its note is the
// officer's login.
const Assigned = "assigned"

// Officer is a staff member an appeal can be assigned to.
type Officer struct {
	Login string
	Name  string
}

// Key is the keyset cursor of a in the order sort.
func (a Appeal) Key(sort string) string {
	if sort == "received" {
		return list.Cursor(a.ReceivedOn.String(), strconv.FormatInt(a.ID, 10))
	}
	return list.Cursor(a.DueOn.String(), strconv.FormatInt(a.ID, 10))
}

// Page is one keyset page of the appeals the filter selects in the handler's scope, with their
// total; the appeals shown are recorded in the audit log, as a list of applications is.
func (s *Service) Page(ctx context.Context, f Filter, p list.Page) (list.Result[Appeal], error) {
	f = s.judged(f)
	f.Sort, f.After, f.Limit = p.Sort, p.After, p.Size+1
	f, ok := scoped(ctx, f)
	if !ok {
		return list.Result[Appeal]{}, nil
	}
	total, err := s.store.Count(ctx, f)
	if err != nil {
		return list.Result[Appeal]{}, err
	}
	rows, err := s.store.List(ctx, f)
	if err != nil {
		return list.Result[Appeal]{}, err
	}
	rows, next := list.Cut(rows, p.Size, func(a Appeal) string { return a.Key(f.Sort) })
	numbers := make([]string, len(rows)) // the register shows applicants' names and subjects
	for i, a := range rows {
		numbers[i] = a.Number
	}
	e := audit.For(ctx, audit.Read, "appeals list", "appeal", strings.Join(numbers, ","), audit.Msg("shown", "Count", len(rows)))
	if err := s.audit.Record(ctx, e); err != nil {
		return list.Result[Appeal]{}, err
	}
	return list.Result[Appeal]{Rows: rows, Total: total, Next: next}, nil
}

// Count counts what the filter selects in the handler's scope.
func (s *Service) Count(ctx context.Context, f Filter) (int64, error) {
	f, ok := scoped(ctx, s.judged(f))
	if !ok {
		return 0, nil
	}
	return s.store.Count(ctx, f)
}

// Each streams every appeal the filter selects in the handler's scope, for a download. The
// download is recorded first, with the filter: applicants' names leave the system.
func (s *Service) Each(ctx context.Context, f Filter, what string, fn func(Appeal) error) error {
	f = s.judged(f)
	f.After, f.Limit = nil, 0
	f, ok := scoped(ctx, f)
	if !ok {
		return nil
	}
	if err := s.audit.Record(ctx, audit.For(ctx, audit.Read, "appeals list download", "appeal", "list", audit.Msg("list_download", "Filter", what))); err != nil {
		return err
	}
	return s.store.Each(ctx, f, fn)
}

// handlers are the roles that handle appeals: those appeals are assigned to.
func handlers() []authz.Role {
	var out []authz.Role
	for _, r := range authz.Roles {
		if r.Has(authz.AppealHandle) {
			out = append(out, r)
		}
	}
	return out
}

// Officers are the staff of the manager's institutions appeals can be assigned to.
func (s *Service) Officers(ctx context.Context) ([]Officer, error) {
	scope := authz.From(ctx).Scope(Assign)
	if len(scope) == 0 {
		return nil, nil
	}
	return s.store.Officers(ctx, scope, handlers())
}

// AssignTo gives appeals to an officer of the manager's institutions, one or many at once,
// or again to another. Appeals closed or of an institution the officer does not handle are
// left as they were; an appeal of another institution refuses the whole request.
func (s *Service) AssignTo(ctx context.Context, uuids []string, officer string) ([]string, error) {
	p := authz.From(ctx)
	scope := p.Scope(Assign)
	if len(scope) == 0 {
		return nil, fmt.Errorf("assignment: %w", fail.ErrForbidden)
	}
	if len(uuids) == 0 || len(uuids) > list.MaxSize {
		return nil, fail.Fields{{Name: "ids", Key: "invalid.assign_count", Args: map[string]any{"Count": list.MaxSize}}}
	}
	outside, err := s.store.OutsideScope(ctx, uuids, scope)
	if err != nil {
		return nil, err
	}
	if outside > 0 {
		return nil, fmt.Errorf("assignment: %w", fail.ErrForbidden)
	}
	officers, err := s.store.Officers(ctx, scope, handlers())
	if err != nil {
		return nil, err
	}
	found := false
	for _, o := range officers {
		found = found || o.Login == officer
	}
	if !found {
		return nil, fail.Fields{{Name: "officer", Key: "invalid.officer"}}
	}
	e := audit.For(ctx, audit.Update, "assignment", "appeal", strings.Join(uuids, ","), audit.Msg("assigned_to", "Officer", officer))
	return s.store.Assign(ctx, uuids, scope, officer, handlers(), e, Event{Action: Assigned, Actor: p.Login, Note: officer, At: s.clock.Now()})
}

// TakeNext gives the officer the unassigned open appeal of their institutions that is due
// first, as the single window's queue gives applications; fail.ErrNotFound when none waits.
// The assignment is an event of the appeal and in the audit log, as a manager's is.
func (s *Service) TakeNext(ctx context.Context) (Appeal, error) {
	p := authz.From(ctx)
	scope := p.Scope(authz.AppealHandle)
	if len(scope) == 0 {
		return Appeal{}, fmt.Errorf("take the next appeal: %w", fail.ErrForbidden)
	}
	e := audit.For(ctx, audit.Update, "assignment", "appeal", "next", audit.Msg("taken_by_officer", "Officer", p.Login))
	return s.store.TakeNext(ctx, scope, e, Event{Action: Assigned, Actor: p.Login, Note: p.Login, At: s.clock.Now()})
}
