// Package appeals registers and tracks citizens' appeals under the Law on Citizens' Appeals:
// an answer within 15 working days, extendable once to 30 with a reason; an appeal sent to
// the wrong institution forwarded within 3 working days; anonymous appeals registered and
// refused with the legal reason. Statistics show, per institution and period, how many were
// received, answered, answered late and are still open.
package appeals

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/registry"
)

// Statutory periods in working days.
const (
	AnswerDays   = 15
	ExtendedDays = 30
	ForwardDays  = 3
)

// Channels through which an appeal arrives.
var Channels = []string{"portal", "centre", "call", "letter"}

// Categories of appeal.
var Categories = []string{"complaint", "proposal", "request", "information", "benefit_decision", "service_quality"}

// Statuses of an appeal.
const (
	Registered = "registered"
	InProgress = "in_progress"
	Answered   = "answered"
	Refused    = "refused"
)

// Appeal is a citizen's appeal to the ministry or one of its institutions.
type Appeal struct {
	ID            int64
	UUID          string
	Number        string
	Channel       string
	Anonymous     bool
	PersonID      int64
	Applicant     string
	Contact       string
	Category      string
	Subject       string
	Body          string
	InstitutionID int64
	Institution   string
	Status        string
	ReceivedOn    clock.Date
	DueOn         clock.Date
	Extended      bool
	ExtendReason  string
	ForwardedFrom string
	ForwardedOn   clock.Date
	ForwardedLate bool
	Answer        string
	AnsweredOn    clock.Date
	AnsweredBy    string
	RegisteredBy  string
	AssignedTo    string    // the officer who handles it; empty until assigned or taken
	AssignedBy    string    // the manager who assigned it, or the officer who took it
	AssignedAt    time.Time // when
	Lang          string
	Version       int64
	CreatedAt     time.Time
	Events        []Event
}

// Event is a step in an appeal's handling.
type Event struct {
	Action string
	Actor  string
	Note   string
	At     time.Time
}

// Open reports whether the appeal still waits for an answer.
func (a Appeal) Open() bool { return a.Status == Registered || a.Status == InProgress }

// Overdue reports whether the appeal is open past its due date on today.
func (a Appeal) Overdue(today clock.Date) bool { return a.Open() && a.DueOn.Before(today) }

// AtRisk reports whether the appeal is open, not yet overdue, and has a fifth of its working
// days or fewer left on today (workdays.AtRisk, the applications' definition too).
func (a Appeal) AtRisk(cal *workdays.Calendar, today clock.Date) bool {
	return a.Open() && !a.Overdue(today) && cal.AtRisk(a.ReceivedOn, a.DueOn, today)
}

// Calendar is the working-day calendar in force.
func (s *Service) Calendar() *workdays.Live { return s.calendar }

// Store is the persistence appeals need.
type Store interface {
	Create(ctx context.Context, a *Appeal, e audit.Entry, tell func(Appeal) []notify.Message) error
	ByUUID(ctx context.Context, id string) (Appeal, error)
	List(ctx context.Context, f Filter) ([]Appeal, error)
	Count(ctx context.Context, f Filter) (int64, error)
	Each(ctx context.Context, f Filter, fn func(Appeal) error) error
	// OutsideScope counts the appeals among uuids of institutions outside scope.
	OutsideScope(ctx context.Context, uuids []string, scope []int64) (int, error)
	// Officers are the active staff holding one of roles in one of institutions.
	Officers(ctx context.Context, institutions []int64, roles []authz.Role) ([]Officer, error)
	// Assign gives the open appeals among uuids within scope and within the officer's
	// institutions to officer, each with an event, and the audit entry; it returns the
	// numbers assigned.
	Assign(ctx context.Context, uuids []string, scope []int64, officer string, roles []authz.Role, e audit.Entry, ev Event) ([]string, error)
	Update(ctx context.Context, a Appeal, ev Event, e audit.Entry, n []notify.Message) (Appeal, error)
	// TakeNext assigns to the officer (ev.Note) the unassigned open appeal in scope due first,
	// and returns it; fail.ErrNotFound when none waits.
	TakeNext(ctx context.Context, scope []int64, e audit.Entry, ev Event) (Appeal, error)
	InstitutionID(ctx context.Context, code string) (int64, error)
	Stats(ctx context.Context, from, to, today clock.Date) ([]Stat, error)
}

// Filter selects appeals.
type Filter struct {
	Institutions []int64
	PersonID     int64
	OpenOnly     bool
	Limit        int

	// The work queue's filters (#12 item 7); zero values select everything.
	Statuses     []string
	Category     string
	ReceivedFrom string          // YYYY-MM-DD, inclusive
	ReceivedTo   string          // YYYY-MM-DD, inclusive
	Deadline     string          // one of DeadlineFilters, judged on Today
	Today        string          // YYYY-MM-DD, set by the service
	Risk         []workdays.Step // on Today, the at-risk boundary, set by the service for OnTrack and AtRisk
	Assignees    []string        // assigned to any of these logins; Unassigned for nobody
	Sort         string          // one of Sorts; "" is the first
	After        []string        // keyset: the sort key of the last row of the previous page
}

// Stat is one institution's appeals received in a period.
type Stat struct {
	Institution  string `json:"institution"`
	Received     int    `json:"received"`
	Answered     int    `json:"answered"`
	AnsweredLate int    `json:"answered_late"`
	Refused      int    `json:"refused" doc:"anonymous and other appeals left unconsidered"`
	Open         int    `json:"open"`
	Overdue      int    `json:"overdue" doc:"open past the deadline today"`
}

// Registry finds the citizen behind a named appeal.
type Registry interface {
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
}

// Service is the appeals API.
type Service struct {
	store    Store
	registry Registry
	calendar *workdays.Live
	audit    audit.Recorder
	clock    clock.Clock
}

// NewService returns the appeals service.
func NewService(s Store, r Registry, cal *workdays.Live, a audit.Recorder, c clock.Clock) *Service {
	return &Service{store: s, registry: r, calendar: cal, audit: a, clock: c}
}

// New is an appeal as it is received.
type New struct {
	Channel     string
	FIN         string // empty for an appeal without a registry identity
	Applicant   string
	Contact     string
	Anonymous   bool
	Category    string
	Subject     string
	Body        string
	Institution string
	Lang        string
}

// Receive registers an appeal with a deadline of 15 working days. An anonymous appeal is
// registered, so that it is counted, and refused at once with the legal reason.
func (s *Service) Receive(ctx context.Context, in New) (Appeal, error) {
	if err := in.validate(); err != nil {
		return Appeal{}, err
	}
	inst, err := s.store.InstitutionID(ctx, in.Institution)
	if err != nil {
		return Appeal{}, err
	}
	today := clock.Today(s.clock)
	a := Appeal{UUID: uuid.Must(uuid.NewV7()).String(), Channel: in.Channel, Anonymous: in.Anonymous, Applicant: strings.TrimSpace(in.Applicant),
		Contact: strings.TrimSpace(in.Contact), Category: in.Category, Subject: strings.TrimSpace(in.Subject), Body: strings.TrimSpace(in.Body),
		InstitutionID: inst, Status: Registered, ReceivedOn: today, DueOn: s.calendar.Get().Add(today, AnswerDays),
		RegisteredBy: authz.Actor(ctx), Lang: i18n.Or(in.Lang), CreatedAt: s.clock.Now()}
	if p := authz.From(ctx); p != nil && p.PersonID != 0 {
		a.PersonID, in.FIN = p.PersonID, p.PersonFIN
	}
	if in.FIN != "" && !in.Anonymous {
		person, err := s.registry.Person(ctx, in.FIN, "appeal")
		if err != nil {
			return Appeal{}, err
		}
		a.PersonID = person.ID
		if a.Applicant == "" {
			a.Applicant = person.FullName()
		}
		if a.Contact == "" {
			a.Contact = person.Phone
		}
	}
	if a.Anonymous {
		a.PersonID, a.Status, a.Answer, a.AnsweredOn, a.AnsweredBy = 0, Refused, i18n.Tr(a.Lang, "appeal.anonymous_refusal", nil), today, "system"
	}
	a.Events = []Event{{Action: "registered", Actor: a.RegisteredBy, At: a.CreatedAt}}
	if a.Anonymous {
		a.Events = append(a.Events, Event{Action: Refused, Actor: "system", Note: a.Answer, At: a.CreatedAt})
	}
	e := audit.For(ctx, audit.Create, "appeal", "appeal", a.UUID, audit.Msg("channel", "Channel", audit.Word("appeal.channel."+in.Channel)))
	key := "appeal.msg.registered"
	if a.Anonymous {
		key = "appeal.msg.refused"
	}
	return a, s.store.Create(ctx, &a, e, func(a Appeal) []notify.Message { return s.tell(a, key) })
}

func (in New) validate() error {
	var bad fail.Fields
	if !slices.Contains(Channels, in.Channel) {
		bad.Add("channel", "invalid.choice", nil)
	}
	if !slices.Contains(Categories, in.Category) {
		bad.Add("category", "invalid.choice", nil)
	}
	if strings.TrimSpace(in.Subject) == "" {
		bad.Add("subject", "invalid.required", nil)
	}
	if len([]rune(in.Subject)) > 200 {
		bad.Add("subject", "invalid.too_long", nil)
	}
	if n := len([]rune(strings.TrimSpace(in.Body))); n < 10 || n > 10000 {
		bad.Add("body", "invalid.range_chars", map[string]any{"Min": 10, "Count": 10000})
	}
	if in.Institution == "" {
		bad.Add("institution", "invalid.required", nil)
	}
	if !in.Anonymous && in.FIN == "" && strings.TrimSpace(in.Applicant) == "" && in.Channel != "portal" {
		bad.Add("applicant", "invalid.required", nil)
	}
	return bad.Err()
}

// Appeal loads an appeal for a handler in its institution or for the citizen who filed it.
func (s *Service) Appeal(ctx context.Context, id string) (Appeal, error) {
	a, err := s.store.ByUUID(ctx, id)
	if err != nil {
		return a, err
	}
	if err := mayRead(authz.From(ctx), a); err != nil {
		return Appeal{}, err
	}
	return a, s.audit.Record(ctx, audit.For(ctx, audit.Read, "appeal", "appeal", a.UUID, audit.Msg("status", "Status", audit.Word("appeal.status."+a.Status))))
}

// List lists appeals, earliest due first.
func (s *Service) List(ctx context.Context, f Filter) ([]Appeal, error) {
	if f.Limit <= 0 || f.Limit > 201 { // a page of 200 and the row that says there is a next
		f.Limit = 100
	}
	f, ok := scoped(ctx, f)
	if !ok {
		return nil, nil
	}
	return s.store.List(ctx, f)
}

// Take marks an appeal as being worked on, by the officer who takes it unless a manager
// assigned it to someone already.
func (s *Service) Take(ctx context.Context, id string) (Appeal, error) {
	return s.change(ctx, id, "in_progress", "", func(a *Appeal) error {
		if a.Status != Registered {
			return statusErr(a.Status, InProgress)
		}
		a.Status = InProgress
		if a.AssignedTo == "" {
			a.AssignedTo, a.AssignedBy, a.AssignedAt = authz.Actor(ctx), authz.Actor(ctx), s.clock.Now()
		}
		return nil
	})
}

// Extend extends the deadline once, to 30 working days from receipt, for a stated reason.
func (s *Service) Extend(ctx context.Context, id, reason string) (Appeal, error) {
	return s.change(ctx, id, "extended", reason, func(a *Appeal) error {
		if a.Extended {
			return fail.Fields{{Name: "reason", Key: "invalid.already_extended"}}
		}
		if len([]rune(strings.TrimSpace(reason))) < 10 {
			return fail.Fields{{Name: "reason", Key: "invalid.reason", Args: map[string]any{"Count": 10}}}
		}
		a.Extended, a.ExtendReason, a.DueOn = true, strings.TrimSpace(reason), s.calendar.Get().Add(a.ReceivedOn, ExtendedDays)
		return nil
	})
}

// Forward sends an appeal to the institution competent to answer it. The law asks for this
// within 3 working days of receipt; a later forward is allowed but marked late. The new
// institution's 15 working days run from the day it receives the appeal.
func (s *Service) Forward(ctx context.Context, id, institution, reason string) (Appeal, error) {
	to, err := s.store.InstitutionID(ctx, institution)
	if err != nil {
		return Appeal{}, err
	}
	return s.change(ctx, id, "forwarded", institution+": "+reason, func(a *Appeal) error {
		if to == a.InstitutionID {
			return fail.Fields{{Name: "institution", Key: "invalid.same_institution"}}
		}
		today := clock.Today(s.clock)
		cal := s.calendar.Get()
		a.ForwardedFrom, a.ForwardedOn = a.Institution, today
		a.ForwardedLate = cal.Add(a.ReceivedOn, ForwardDays).Before(today)
		a.InstitutionID, a.Status, a.DueOn, a.Extended = to, Registered, cal.Add(today, AnswerDays), false
		return nil
	})
}

// Answer closes an appeal with the written answer sent to the citizen.
func (s *Service) Answer(ctx context.Context, id, answer string) (Appeal, error) {
	return s.change(ctx, id, Answered, "", func(a *Appeal) error {
		if len([]rune(strings.TrimSpace(answer))) < 20 {
			return fail.Fields{{Name: "answer", Key: "invalid.reason", Args: map[string]any{"Count": 20}}}
		}
		a.Status, a.Answer, a.AnsweredOn, a.AnsweredBy = Answered, strings.TrimSpace(answer), clock.Today(s.clock), authz.Actor(ctx)
		return nil
	})
}

// change applies fn to an open appeal of the handler's institution and stores it with an
// event, an audit row and, where it concerns the citizen, a message.
func (s *Service) change(ctx context.Context, id, action, note string, fn func(*Appeal) error) (Appeal, error) {
	a, err := s.store.ByUUID(ctx, id)
	if err != nil {
		return a, err
	}
	p := authz.From(ctx)
	if p == nil || !p.CanIn(authz.AppealHandle, a.InstitutionID) {
		return a, fmt.Errorf("appeal %s belongs to another institution: %w", a.Number, fail.ErrForbidden)
	}
	if !a.Open() {
		return a, statusErr(a.Status, action)
	}
	if err := fn(&a); err != nil {
		return a, err
	}
	ev := Event{Action: action, Actor: authz.Actor(ctx), Note: note, At: s.clock.Now()}
	e := audit.For(ctx, audit.Update, "appeal", "appeal", a.UUID, audit.Msg("status", "Status", audit.Word("appeal.action."+action)))
	var n []notify.Message
	if action != "in_progress" {
		n = s.tell(a, "appeal.msg."+action)
	}
	return s.store.Update(ctx, a, ev, e, n)
}

func (s *Service) tell(a Appeal, key string) []notify.Message {
	if a.Anonymous || a.PersonID == 0 || !strings.HasPrefix(a.Contact, "+") {
		return nil
	}
	body := i18n.Tr(a.Lang, key, map[string]any{"Number": a.Number, "Due": a.DueOn.In(a.Lang)})
	return []notify.Message{{DedupKey: "appeal:" + a.UUID + ":" + key + ":" + a.DueOn.String(), PersonID: a.PersonID, Channel: notify.SMS,
		Address: a.Contact, Lang: a.Lang, Body: body}}
}

// Stats counts, per institution, the appeals received in a period: answered, answered late,
// refused, open and open past the deadline on today.
func (s *Service) Stats(ctx context.Context, from, to clock.Date) ([]Stat, error) {
	st, err := s.store.Stats(ctx, from, to, clock.Today(s.clock))
	if err != nil {
		return nil, err
	}
	return s.statsInScope(ctx, st)
}

// Today is the service's current date, for pages that mark overdue appeals.
func (s *Service) Today() clock.Date { return clock.Today(s.clock) }

func statusErr(from, to string) error {
	return fail.Fields{{Name: "status", Key: "invalid.status_change", Args: map[string]any{"From": from, "To": to}}}
}
