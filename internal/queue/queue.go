// Package queue is the electronic queue of the DOST centres: walk-in tickets from the kiosk,
// slots booked in the portal and checked in at the kiosk, operators calling tickets to their
// desks, the public board, and the centre manager's figures of waits and service times.
// It reads the service catalogue and the centres through Catalogue, which the single window
// (servicedesk.Service) provides; a closed visit asks for a servicedesk.Rating.
package queue

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Store is the queue's persistence.
type Store interface {
	IssueTicket(ctx context.Context, t *Ticket) error
	BookTicket(ctx context.Context, t *Ticket, capacity int) error
	BookedInSlot(ctx context.Context, centreID int64, slot time.Time) (int, error)
	CheckIn(ctx context.Context, centreID int64, number, fin string, day clock.Date, now time.Time) (Ticket, error)
	CallNext(ctx context.Context, centreID int64, day clock.Date, desk string, operatorID int64, now time.Time) (Ticket, error)
	Ticket(ctx context.Context, uuid string) (Ticket, error)
	CurrentTicket(ctx context.Context, centreID, operatorID int64, day clock.Date) (Ticket, error)
	// MoveTicket records a move and, for a closed visit, the rating request in one transaction.
	MoveTicket(ctx context.Context, t Ticket, to string, now time.Time, rating *servicedesk.Rating) (Ticket, error)
	Board(ctx context.Context, centreID int64, day clock.Date) (Board, error)
	WaitingByService(ctx context.Context, centreID int64, day clock.Date) ([]ServiceWait, error)
	QueueByDay(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueDay, error)
	QueueStats(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueRow, error)
}

// Catalogue is what the queue reads of the single window: the DOST centres, and the services
// a ticket can be taken for. servicedesk.Service implements it.
type Catalogue interface {
	Centres(ctx context.Context) ([]servicedesk.Centre, error)
	Centre(ctx context.Context, code string) (servicedesk.Centre, error)
	Passport(ctx context.Context, code string) (servicedesk.Passport, error)
	ForChannel(ctx context.Context, channel string) ([]servicedesk.Passport, error)
}

// Service is the queue's API.
type Service struct {
	store     Store
	catalogue Catalogue
	calendar  *workdays.Live
	clock     clock.Clock
}

// NewService returns the queue over its store, the catalogue it takes services from, and the
// working-day calendar bookings keep to.
func NewService(s Store, c Catalogue, cal *workdays.Live, clk clock.Clock) *Service {
	return &Service{store: s, catalogue: c, calendar: cal, clock: clk}
}

func (s *Service) today() clock.Date { return clock.Today(s.clock) }

// Today is the service's current date in Baku, the day whose queue the pages show.
func (s *Service) Today() clock.Date { return s.today() }

// Calendar is the working-day calendar bookings keep to.
func (s *Service) Calendar() *workdays.Live { return s.calendar }

// Centres lists the DOST centres.
func (s *Service) Centres(ctx context.Context) ([]servicedesk.Centre, error) {
	return s.catalogue.Centres(ctx)
}

// Centre finds a centre by code.
func (s *Service) Centre(ctx context.Context, code string) (servicedesk.Centre, error) {
	return s.catalogue.Centre(ctx, code)
}

// ForKiosk lists the services a centre's kiosk offers tickets for, grouped by direction.
func (s *Service) ForKiosk(ctx context.Context) ([][]servicedesk.Passport, error) {
	ps, err := s.catalogue.ForChannel(ctx, servicedesk.ChannelCentre)
	return servicedesk.ByDirection(ps), err
}

// Ticket statuses. A booked ticket joins the queue when the citizen checks in at the kiosk.
const (
	Booked    = "booked"
	Waiting   = "waiting"
	Called    = "called"
	Serving   = "serving"
	Done      = "done"
	NoShow    = "no_show"
	Cancelled = "cancelled"
)

// Ticket is a place in a centre's queue.
type Ticket struct {
	ID          int64                `json:"-"`
	UUID        string               `json:"uuid"`
	CentreID    int64                `json:"-"`
	ServiceID   int64                `json:"-"`
	Service     servicedesk.Passport `json:"-"`
	ServiceCode string               `json:"service"`
	Day         clock.Date           `json:"day"`
	Seq         int                  `json:"-"`
	Number      string               `json:"number" example:"T-017"`
	Slot        time.Time            `json:"slot,omitzero"`
	PersonID    int64                `json:"-"`
	Status      string               `json:"status"`
	Desk        string               `json:"desk,omitempty"`
	OperatorID  int64                `json:"-"`
	IssuedAt    time.Time            `json:"issued_at"`
	CalledAt    time.Time            `json:"called_at,omitzero"`
	ServedAt    time.Time            `json:"served_at,omitzero"`
	ClosedAt    time.Time            `json:"closed_at,omitzero"`
	Ahead       int                  `json:"ahead" doc:"tickets waiting before this one when it was issued"`
}

// Issue gives a kiosk ticket for a service at a centre, to be served today.
func (s *Service) Issue(ctx context.Context, centreCode, serviceCode string) (Ticket, error) {
	c, p, err := s.centreAndService(ctx, centreCode, serviceCode)
	if err != nil {
		return Ticket{}, err
	}
	now := s.clock.Now()
	t := Ticket{UUID: uuid.Must(uuid.NewV7()).String(), CentreID: c.ID, ServiceID: p.ID, Service: p, ServiceCode: p.Code,
		Day: clock.DateOf(now), Status: Waiting, IssuedAt: now}
	return t, s.store.IssueTicket(ctx, &t)
}

// SlotMinutes is the length of a bookable slot; SlotCapacity is how many citizens a centre
// books into one slot (its desks for booked visitors).
const (
	SlotMinutes  = 15
	SlotCapacity = 3
)

// Book reserves a slot at a centre for the signed-in citizen. The slot must be in the future,
// on a working day, within opening hours (09:00–18:00 Baku) and not full.
func (s *Service) Book(ctx context.Context, centreCode, serviceCode string, slot time.Time) (Ticket, error) {
	c, p, err := s.centreAndService(ctx, centreCode, serviceCode)
	if err != nil {
		return Ticket{}, err
	}
	person := authz.From(ctx)
	if person == nil || person.PersonID == 0 {
		return Ticket{}, fail.ErrForbidden
	}
	local := slot.In(clock.Baku)
	day := clock.DateOf(local)
	h := local.Hour()*60 + local.Minute()
	switch {
	case !slot.After(s.clock.Now()):
		return Ticket{}, fail.Fields{{Name: "slot", Key: "invalid.slot_past"}}
	case !s.calendar.Get().Working(day) || h < 9*60 || h+SlotMinutes > 18*60 || local.Minute()%SlotMinutes != 0:
		return Ticket{}, fail.Fields{{Name: "slot", Key: "invalid.slot_hours"}}
	}
	t := Ticket{UUID: uuid.Must(uuid.NewV7()).String(), CentreID: c.ID, ServiceID: p.ID, Service: p, ServiceCode: p.Code,
		Day: day, Slot: slot.UTC(), PersonID: person.PersonID, Status: Booked, IssuedAt: s.clock.Now()}
	switch err := s.store.BookTicket(ctx, &t, SlotCapacity); {
	case errors.Is(err, ErrBookedToday): // one visit a day per citizen, so that nobody holds slots others need
		return Ticket{}, fail.Fields{{Name: "slot", Key: "invalid.already_booked"}}
	case errors.Is(err, ErrSlotFull):
		return Ticket{}, fail.Fields{{Name: "slot", Key: "invalid.slot_full"}}
	case err != nil:
		return Ticket{}, err
	}
	return t, nil
}

// What a booking the store refuses ran into; the database decides, so that parallel
// bookings cannot both pass a check made before either was written.
var (
	ErrSlotFull    = errors.New("the slot is full")
	ErrBookedToday = errors.New("the citizen already has a visit booked that day")
)

// Slots lists the free slots of a centre on a day, with how many places each has left.
func (s *Service) Slots(ctx context.Context, centreCode string, day clock.Date) ([]Slot, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return nil, err
	}
	if !s.calendar.Get().Working(day) {
		return nil, nil
	}
	var out []Slot
	now := s.clock.Now()
	for m := 9 * 60; m+SlotMinutes <= 18*60; m += SlotMinutes {
		at := time.Date(day.Year, day.Month, day.Day, m/60, m%60, 0, 0, clock.Baku)
		if !at.After(now) {
			continue
		}
		n, err := s.store.BookedInSlot(ctx, c.ID, at)
		if err != nil {
			return nil, err
		}
		if n < SlotCapacity {
			out = append(out, Slot{At: at, Free: SlotCapacity - n})
		}
	}
	return out, nil
}

// Slot is a bookable time.
type Slot struct {
	At   time.Time
	Free int
}

// CheckIn puts a booked ticket into today's queue when the citizen arrives with the booking's
// number and their FİN (from the ID card they carry): the number alone is a counter that
// anyone could try, checking in, and so moving, someone else's visit. A wrong pair says no
// more than "no such booking".
func (s *Service) CheckIn(ctx context.Context, centreCode, number, fin string) (Ticket, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return Ticket{}, err
	}
	now := s.clock.Now()
	t, err := s.store.CheckIn(ctx, c.ID, strings.ToUpper(strings.TrimSpace(number)), strings.ToUpper(strings.TrimSpace(fin)), clock.DateOf(now), now)
	if errors.Is(err, fail.ErrNotFound) {
		return t, fail.Fields{{Name: "number", Key: "invalid.booking_fin"}}
	}
	return t, err
}

// CallNext calls the next ticket to the operator's desk: booked visitors whose slot has come
// first, then walk-ins in the order they came.
func (s *Service) CallNext(ctx context.Context, centreCode, desk string) (Ticket, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return Ticket{}, err
	}
	if desk == "" {
		return Ticket{}, fail.Fields{{Name: "desk", Key: "invalid.required"}}
	}
	p := authz.From(ctx)
	now := s.clock.Now()
	return s.store.CallNext(ctx, c.ID, clock.DateOf(now), desk, p.UserID, now)
}

// ticket transitions an operator may make.
var ticketMoves = map[string][]string{
	Called:  {Serving, NoShow},
	Serving: {Done},
}

// MoveTicket starts serving a called ticket, closes a served one, or marks a called citizen
// as not having come. Closing a served ticket asks the citizen to rate the visit.
func (s *Service) MoveTicket(ctx context.Context, id, to string) (Ticket, error) {
	t, err := s.store.Ticket(ctx, id)
	if err != nil {
		return t, err
	}
	p := authz.From(ctx)
	if t.OperatorID != p.UserID {
		return t, fmt.Errorf("ticket %s is at another desk: %w", t.Number, fail.ErrForbidden)
	}
	if !slices.Contains(ticketMoves[t.Status], to) {
		return t, fail.Fields{{Name: "status", Key: "invalid.status_change", Args: map[string]any{"From": t.Status, "To": to}}}
	}
	var r *servicedesk.Rating
	if to == Done {
		r = &servicedesk.Rating{Token: servicedesk.NewToken(), TicketID: t.ID, ServiceID: t.ServiceID, CentreID: t.CentreID, OperatorID: t.OperatorID,
			PersonID: t.PersonID, RequestedAt: s.clock.Now()}
	}
	return s.store.MoveTicket(ctx, t, to, s.clock.Now(), r)
}

// Ticket loads a ticket.
func (s *Service) Ticket(ctx context.Context, id string) (Ticket, error) {
	return s.store.Ticket(ctx, id)
}

// Board is what a centre's public screen shows: the tickets called to desks, newest first,
// and how many are waiting.
type Board struct {
	Called  []Ticket
	Waiting int
}

// Board returns the centre's board for today.
func (s *Service) Board(ctx context.Context, centreCode string) (servicedesk.Centre, Board, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return c, Board{}, err
	}
	b, err := s.store.Board(ctx, c.ID, s.today())
	return c, b, err
}

// QueueStats reports waits and service times per service and operator over a period.
func (s *Service) QueueStats(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueRow, error) {
	return s.store.QueueStats(ctx, f)
}

func (s *Service) centreAndService(ctx context.Context, centreCode, serviceCode string) (servicedesk.Centre, servicedesk.Passport, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return c, servicedesk.Passport{}, err
	}
	p, err := s.catalogue.Passport(ctx, serviceCode)
	if errors.Is(err, fail.ErrNotFound) || (err == nil && (!p.Active || !p.Offers(servicedesk.ChannelCentre))) {
		return c, p, fail.Fields{{Name: "service", Key: "invalid.service"}}
	}
	return c, p, err
}

// Current is the ticket the operator in ctx has called or is serving at a centre, so that a
// reloaded or reopened desk page picks up where the operator was.
func (s *Service) Current(ctx context.Context, centreCode string) (Ticket, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return Ticket{}, err
	}
	return s.store.CurrentTicket(ctx, c.ID, authz.From(ctx).UserID, s.today())
}
