// Package servicedesk is the single window: the catalogue of services with their passports,
// applications routed to the responsible back office
// with deadlines counted in working days, satisfaction ratings and e-certificates. Decisions
// on benefit applications come from the programme's rule, with its explanation. The
// electronic queue of the DOST centres is its own domain, internal/queue, which reads the
// catalogue and the centres through this package's Service.
package servicedesk

import (
	"context"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/registry"
)

// The single window's persistence, one small interface per concept, so that a piece of the
// service names what it uses and a new concept does not grow one long list. Writes take the
// audit entry and the notifications that must commit with them. servicedeskdb.Store
// implements them all.

// CatalogueStore keeps the service passports and resolves the codes they refer to.
type CatalogueStore interface {
	SavePassport(ctx context.Context, p *Passport, e audit.Entry) error
	Passport(ctx context.Context, code string) (Passport, error)
	PassportByID(ctx context.Context, id int64) (Passport, error)
	Passports(ctx context.Context, activeOnly bool) ([]Passport, error)
	InstitutionID(ctx context.Context, code string) (int64, error)
	InstitutionName(ctx context.Context, id int64) (i18n.Text, error)
	Centres(ctx context.Context) ([]Centre, error)
}

// ApplicationStore keeps applications with their documents and history.
type ApplicationStore interface {
	FileApplication(ctx context.Context, a *Application, docs []Document, e audit.Entry, tell func(Application) []notify.Message) error
	Application(ctx context.Context, uuid string) (Application, error)
	Applications(ctx context.Context, f ApplicationFilter) ([]Application, error)
	MoveApplication(ctx context.Context, a Application, ev Event, e audit.Entry, n []notify.Message, rating *Rating) (Application, error)
	Document(ctx context.Context, applicationID, docID int64) (Document, []byte, error)
	Escalate(ctx context.Context, today clock.Date, now time.Time) (int64, error)
	DeadlineStats(ctx context.Context, f StatsFilter) ([]DeadlineRow, error)
	// VisitID is the id of the queue ticket with uuid: the visit an application was filed at.
	VisitID(ctx context.Context, uuid string) (int64, error)
}

// RatingStore keeps the rating requests of visits and applications and their scores.
type RatingStore interface {
	RatingByToken(ctx context.Context, token string) (Rating, error)
	RatingOfApplication(ctx context.Context, applicationID int64) (Rating, error)
	DeskRating(ctx context.Context, centreID int64, desk string, operatorID int64, since time.Time) (Rating, error)
	Rate(ctx context.Context, r Rating) error
	Satisfaction(ctx context.Context, f StatsFilter, by string) ([]SatisfactionRow, error)
}

// CertificateStore keeps the e-certificates as issued.
type CertificateStore interface {
	SaveCertificate(ctx context.Context, c *Certificate, e audit.Entry) error
	Certificate(ctx context.Context, code string) (Certificate, error)
	CertificatesOf(ctx context.Context, personID int64) ([]Certificate, error)
}

// Store is all of the single window's persistence, as one database store provides it.
type Store interface {
	CatalogueStore
	ApplicationStore
	RatingStore
	CertificateStore
	WorkStore
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
	catalogue    CatalogueStore
	applications ApplicationStore
	ratings      RatingStore
	certificates CertificateStore
	work         WorkStore
	registry     Registry
	programs     Programs
	calendar     *workdays.Live
	audit        audit.Recorder
	clock        clock.Clock
	// BaseURL is the public address printed in certificates' QR codes and SMS links.
	BaseURL string
}

// NewService returns the single window over its store and neighbours.
func NewService(s Store, r Registry, p Programs, cal *workdays.Live, a audit.Recorder, c clock.Clock, baseURL string) *Service {
	return &Service{catalogue: s, applications: s, ratings: s, certificates: s, work: s, registry: r, programs: p, calendar: cal, audit: a, clock: c, BaseURL: baseURL}
}

// Calendar is the working-day calendar in force.
func (s *Service) Calendar() *workdays.Live { return s.calendar }

// Centre is a DOST centre (a service point of the DOST Agency).
type Centre struct {
	ID   int64     `json:"-"`
	Code string    `json:"code"`
	Name i18n.Text `json:"name"`
}

// Centres lists the DOST centres.
func (s *Service) Centres(ctx context.Context) ([]Centre, error) { return s.catalogue.Centres(ctx) }

var errNoCentre = fmt.Errorf("DOST centre: %w", fail.ErrNotFound)

// Centre finds a centre by code.
func (s *Service) Centre(ctx context.Context, code string) (Centre, error) {
	all, err := s.catalogue.Centres(ctx)
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

// QueueRow is one line of the centre manager's queue report: for a service at an operator
// (or for all operators when OperatorLogin is empty), how many visits, the average wait and
// service time in seconds, and the share served within the service's front-office standard.
// The queue (internal/queue) computes it; the service report shows it beside the single
// window's own tables.
type QueueRow struct {
	ServiceCode     string
	ServiceName     string
	OperatorLogin   string
	Visits          int
	AvgWait         float64
	AvgService      float64
	StandardMinutes int
	WithinStandard  float64
}

func (s *Service) today() clock.Date { return clock.Today(s.clock) }

// Today is the service's current date in Baku, for pages that show deadline states.
func (s *Service) Today() clock.Date { return s.today() }

// DeadlineStats reports, per institution and service, applications filed in a period that
// were decided, decided late, are open, and are past their deadline.
func (s *Service) DeadlineStats(ctx context.Context, f StatsFilter) ([]DeadlineRow, error) {
	return s.applications.DeadlineStats(ctx, f)
}
