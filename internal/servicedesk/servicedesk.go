// Package servicedesk is the single window: the catalogue of services with their passports,
// the electronic queue of DOST centres, applications routed to the responsible back office
// with deadlines counted in working days, satisfaction ratings and e-certificates. Decisions
// on benefit applications come from the programme's rule, with its explanation.
package servicedesk

import (
	"context"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/registry"
)

// Store is the persistence the single window needs. Writes take the audit entry and the
// notifications that must commit with them.
type Store interface {
	SavePassport(ctx context.Context, p *Passport, e audit.Entry) error
	Passport(ctx context.Context, code string) (Passport, error)
	PassportByID(ctx context.Context, id int64) (Passport, error)
	Passports(ctx context.Context, activeOnly bool) ([]Passport, error)
	InstitutionID(ctx context.Context, code string) (int64, error)
	Centres(ctx context.Context) ([]Centre, error)

	IssueTicket(ctx context.Context, t *Ticket) error
	BookTicket(ctx context.Context, t *Ticket, capacity int) error
	BookedInSlot(ctx context.Context, centreID int64, slot time.Time) (int, error)
	CheckIn(ctx context.Context, centreID int64, number, fin string, day clock.Date, now time.Time) (Ticket, error)
	CallNext(ctx context.Context, centreID int64, day clock.Date, desk string, operatorID int64, now time.Time) (Ticket, error)
	Ticket(ctx context.Context, uuid string) (Ticket, error)
	CurrentTicket(ctx context.Context, centreID, operatorID int64, day clock.Date) (Ticket, error)
	MoveTicket(ctx context.Context, t Ticket, to string, now time.Time, rating *Rating) (Ticket, error)
	Board(ctx context.Context, centreID int64, day clock.Date) (Board, error)
	QueueStats(ctx context.Context, f StatsFilter) ([]QueueRow, error)

	FileApplication(ctx context.Context, a *Application, docs []Document, e audit.Entry, tell func(Application) []notify.Message) error
	Application(ctx context.Context, uuid string) (Application, error)
	Applications(ctx context.Context, f ApplicationFilter) ([]Application, error)
	MoveApplication(ctx context.Context, a Application, ev Event, e audit.Entry, n []notify.Message, rating *Rating) (Application, error)
	Document(ctx context.Context, applicationID, docID int64) (Document, []byte, error)
	Escalate(ctx context.Context, today clock.Date, now time.Time) (int64, error)
	DeadlineStats(ctx context.Context, f StatsFilter) ([]DeadlineRow, error)

	RatingByToken(ctx context.Context, token string) (Rating, error)
	RatingOfApplication(ctx context.Context, applicationID int64) (Rating, error)
	DeskRating(ctx context.Context, centreID int64, desk string, operatorID int64, since time.Time) (Rating, error)
	Rate(ctx context.Context, r Rating) error
	Satisfaction(ctx context.Context, f StatsFilter, by string) ([]SatisfactionRow, error)

	SaveCertificate(ctx context.Context, c *Certificate, e audit.Entry) error
	Certificate(ctx context.Context, code string) (Certificate, error)
	CertificatesOf(ctx context.Context, personID int64) ([]Certificate, error)
}

// Registry is what the single window reads of the social registry.
type Registry interface {
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
}

// Programs decides benefit applications and reports what a person receives.
type Programs interface {
	Decide(ctx context.Context, code, fin string, day clock.Date) (programs.Decision, error)
	BenefitsOf(ctx context.Context, fin string) (programs.Benefits, error)
	Programs(ctx context.Context) ([]programs.Program, error)
}

// Service is the single window's API.
type Service struct {
	store    Store
	registry Registry
	programs Programs
	calendar *workdays.Live
	audit    audit.Recorder
	clock    clock.Clock
	// BaseURL is the public address printed in certificates' QR codes and SMS links.
	BaseURL string
}

// NewService returns the single window over its store and neighbours.
func NewService(s Store, r Registry, p Programs, cal *workdays.Live, a audit.Recorder, c clock.Clock, baseURL string) *Service {
	return &Service{store: s, registry: r, programs: p, calendar: cal, audit: a, clock: c, BaseURL: baseURL}
}

// Calendar is the working-day calendar in force.
func (s *Service) Calendar() *workdays.Live { return s.calendar }

// Centre is a DOST centre (a service point of the DOST Agency).
type Centre struct {
	ID     int64  `json:"-"`
	Code   string `json:"code"`
	NameAZ string `json:"name_az"`
	NameEN string `json:"name_en"`
	NameRU string `json:"name_ru"`
}

// Name returns the centre's name in lang.
func (c Centre) Name(lang string) string {
	switch lang {
	case "en":
		return c.NameEN
	case "ru":
		return c.NameRU
	}
	return c.NameAZ
}

// Centres lists the DOST centres.
func (s *Service) Centres(ctx context.Context) ([]Centre, error) { return s.store.Centres(ctx) }

// Centre finds a centre by code.
func (s *Service) Centre(ctx context.Context, code string) (Centre, error) {
	all, err := s.store.Centres(ctx)
	if err != nil {
		return Centre{}, err
	}
	for _, c := range all {
		if c.Code == code {
			return c, nil
		}
	}
	return Centre{}, errNoCentre
}

// StatsFilter narrows a report to a period and, optionally, a centre or institution.
type StatsFilter struct {
	From, To     clock.Date
	CentreID     int64
	Institutions []int64
}

func (s *Service) today() clock.Date { return clock.Today(s.clock) }

// Today is the service's current date in Baku, for pages that show deadline states.
func (s *Service) Today() clock.Date { return s.today() }

// DeadlineStats reports, per institution and service, applications filed in a period that
// were decided, decided late, are open, and are past their deadline.
func (s *Service) DeadlineStats(ctx context.Context, f StatsFilter) ([]DeadlineRow, error) {
	return s.store.DeadlineStats(ctx, f)
}
