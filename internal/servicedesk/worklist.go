package servicedesk

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

// ApplicationSorts are the orders of the applications list: earliest deadline first (the
// queue's natural order), or newest filed first.
var ApplicationSorts = []string{"due", "filed"}

// DeadlineFilters are the deadline states a list can be narrowed to: open and on track, at
// risk, past due (breached), or within the deadline (either of the first two); decided late,
// decided in time. At risk is counted in working days, which SQL does not know: the service
// turns it into date steps for the day (judged).
var DeadlineFilters = []string{OnTrack, AtRisk, Breached, "open_in_time", Late, Met}

// Assign is the permission to assign applications to officers: a manager's.
const Assign authz.Permission = "application.assign"

// Assigned is the status of the application event that records an assignment; its note is
// the officer's login.
const Assigned = "assigned"

// Unassigned selects applications and appeals assigned to nobody.
const Unassigned = "-"

// Key is the keyset cursor of a in the order sort: what the next page starts after.
func (a Application) Key(sort string) string {
	if sort == "filed" {
		return list.Cursor(a.FiledOn.String(), strconv.FormatInt(a.ID, 10))
	}
	return list.Cursor(a.DueOn.String(), strconv.FormatInt(a.ID, 10))
}

// WorkStore pages, counts, streams and assigns applications, and keeps officers' absences.
type WorkStore interface {
	CountApplications(ctx context.Context, f ApplicationFilter) (int64, error)
	EachApplication(ctx context.Context, f ApplicationFilter, fn func(Application) error) error
	// OutsideScope counts the applications among uuids of institutions outside scope.
	OutsideScope(ctx context.Context, uuids []string, scope []int64) (int, error)
	// Officers are the active staff holding one of roles in one of institutions.
	Officers(ctx context.Context, institutions []int64, roles []authz.Role) ([]Officer, error)
	// Assign gives the open applications among uuids within scope and within the officer's
	// institutions to officer, each with an event, and the audit entry; it returns the
	// numbers assigned.
	Assign(ctx context.Context, uuids []string, scope []int64, officer string, roles []authz.Role, e audit.Entry, ev Event) ([]string, error)
	// TakeNext assigns to the officer the first unassigned open application in scope by
	// deadline, and returns it; fail.ErrNotFound when the queue is empty.
	TakeNext(ctx context.Context, scope []int64, e audit.Entry, ev Event) (Application, error)
	SaveAbsence(ctx context.Context, a *Absence, e audit.Entry) error
	Absences(ctx context.Context, institutions []int64, from string) ([]Absence, error)
	// Substituted are the officers whose work login covers on day.
	Substituted(ctx context.Context, login, day string) ([]string, error)
}

// Officer is a staff member work can be assigned to.
type Officer struct {
	Login string
	Name  string
}

// ApplicationPage is one keyset page of the applications the filter selects in the officer's
// scope, with their total; the names shown are recorded in the audit log.
func (s *Service) ApplicationPage(ctx context.Context, f ApplicationFilter, p list.Page) (list.Result[Application], error) {
	f = s.judged(f)
	f.Sort, f.After, f.Limit = p.Sort, p.After, p.Size+1
	total, err := s.work.CountApplications(ctx, f)
	if err != nil {
		return list.Result[Application]{}, err
	}
	rows, err := s.Applications(ctx, f)
	if err != nil {
		return list.Result[Application]{}, err
	}
	rows, next := list.Cut(rows, p.Size, func(a Application) string { return a.Key(f.Sort) })
	return list.Result[Application]{Rows: rows, Total: total, Next: next}, nil
}

// CountApplications counts what the filter selects (to refuse an XLSX download too long for a sheet).
func (s *Service) CountApplications(ctx context.Context, f ApplicationFilter) (int64, error) {
	return s.work.CountApplications(ctx, s.judged(f))
}

// EachApplication streams every application the filter selects, for a download. The
// download is recorded first, with the filter (never the names): a file of personal data
// leaves the system.
func (s *Service) EachApplication(ctx context.Context, f ApplicationFilter, what string, fn func(Application) error) error {
	f = s.judged(f)
	f.After, f.Limit = nil, 0
	if err := s.audit.Record(ctx, audit.For(ctx, audit.Read, "applications list download", "application", "list", audit.Msg("list_download", "Filter", what))); err != nil {
		return err
	}
	return s.work.EachApplication(ctx, f, fn)
}

// deciders are the roles that decide applications: those work is assigned to.
func deciders() []authz.Role {
	var out []authz.Role
	for _, r := range authz.Roles {
		if r.Has(authz.Decide) {
			out = append(out, r)
		}
	}
	return out
}

// Officers are the staff of the manager's institutions applications can be assigned to.
func (s *Service) Officers(ctx context.Context) ([]Officer, error) {
	scope := authz.From(ctx).Scope(Assign)
	if len(scope) == 0 {
		return nil, nil
	}
	return s.work.Officers(ctx, scope, deciders())
}

// Assign gives applications to an officer of the manager's institutions: one or many at once
// from the list, or again to another (reassign). Applications outside the manager's scope,
// closed, or of an institution the officer does not work for are left as they were; the
// numbers assigned are returned. An application of another institution refuses the whole
// request.
func (s *Service) Assign(ctx context.Context, uuids []string, officer string) ([]string, error) {
	p := authz.From(ctx)
	scope := p.Scope(Assign)
	if len(scope) == 0 {
		return nil, fail403()
	}
	if len(uuids) == 0 {
		return nil, fieldErr("ids", "invalid.assign_none")
	}
	if len(uuids) > list.MaxSize {
		return nil, fieldErr("ids", "invalid.assign_many")
	}
	outside, err := s.work.OutsideScope(ctx, uuids, scope)
	if err != nil {
		return nil, err
	}
	if outside > 0 { // another institution's records: refused whole, not half done
		return nil, fail403()
	}
	officers, err := s.work.Officers(ctx, scope, deciders())
	if err != nil {
		return nil, err
	}
	if !hasOfficer(officers, officer) {
		return nil, fieldErr("officer", "invalid.officer")
	}
	now := s.clock.Now()
	e := audit.For(ctx, audit.Update, "assignment", "application", strings.Join(uuids, ","), audit.Msg("assigned_to", "Officer", officer))
	ev := Event{Status: Assigned, Actor: p.Login, Note: officer, At: now}
	return s.work.Assign(ctx, uuids, scope, officer, deciders(), e, ev)
}

func hasOfficer(os []Officer, login string) bool {
	for _, o := range os {
		if o.Login == login {
			return true
		}
	}
	return false
}

// TakeNext gives the officer the unassigned open application of their institutions whose
// deadline comes first.
func (s *Service) TakeNext(ctx context.Context) (Application, error) {
	p := authz.From(ctx)
	scope := p.Scope(authz.Decide)
	if len(scope) == 0 {
		return Application{}, fail403()
	}
	now := s.clock.Now()
	e := audit.For(ctx, audit.Update, "assignment", "application", "next", audit.Msg("taken_by_officer", "Officer", p.Login))
	return s.work.TakeNext(ctx, scope, e, Event{Status: Assigned, Actor: p.Login, Note: p.Login, At: now})
}

// WorkOf are the logins whose work the officer in ctx sees today: their own, and that of
// every officer they substitute for.
func (s *Service) WorkOf(ctx context.Context) ([]string, error) {
	me := authz.Actor(ctx)
	others, err := s.work.Substituted(ctx, me, s.Today().String())
	return append([]string{me}, others...), err
}

func fieldErr(name, key string) error { return fail.Fields{{Name: name, Key: key}} }

func fail403() error { return fmt.Errorf("assignment: %w", fail.ErrForbidden) }
