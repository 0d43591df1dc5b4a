package servicedesk

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Absence is an officer away from From to To (inclusive): meanwhile the substitute sees the
// officer's assigned work in "my work", marked as a substitution. A manager records it.
type Absence struct {
	ID            int64
	UUID          string
	InstitutionID int64
	Officer       string
	Substitute    string
	From, To      clock.Date
	CreatedBy     string
	CreatedAt     time.Time
}

// RecordAbsence records, for a manager, that an officer of their institutions is absent and
// who substitutes. Both must be officers of the manager's institutions; the period must not
// end before it starts nor lie in the past.
func (s *Service) RecordAbsence(ctx context.Context, officer, substitute, from, to string) (Absence, error) {
	p := authz.From(ctx)
	scope := p.Scope(Assign)
	if len(scope) == 0 {
		return Absence{}, fail403()
	}
	officers, err := s.work.Officers(ctx, scope, deciders())
	if err != nil {
		return Absence{}, err
	}
	a := Absence{UUID: uuid.Must(uuid.NewV7()).String(), InstitutionID: p.PrimaryInstitution(), Officer: officer, Substitute: substitute,
		CreatedBy: p.Login, CreatedAt: s.clock.Now()}
	var bad fail.Fields
	if !hasOfficer(officers, officer) {
		bad.Add("officer", "invalid.officer", nil)
	}
	switch {
	case !hasOfficer(officers, substitute):
		bad.Add("substitute", "invalid.officer", nil)
	case substitute == officer:
		bad.Add("substitute", "invalid.substitute_self", nil)
	}
	if a.From, err = clock.ParseDate(from); err != nil {
		bad.Add("from", "invalid.date", nil)
	}
	if a.To, err = clock.ParseDate(to); err != nil {
		bad.Add("to", "invalid.date", nil)
	} else if a.To.Before(a.From) || a.To.Before(s.Today()) {
		bad.Add("to", "invalid.absence_end", nil)
	}
	if err := bad.Err(); err != nil {
		return a, err
	}
	return a, s.work.SaveAbsence(ctx, &a, audit.For(ctx, audit.Create, "absence", "user", officer, audit.Msg("substitute_is", "Substitute", substitute)))
}

// Absences are the absences of the manager's institutions that have not ended.
func (s *Service) Absences(ctx context.Context) ([]Absence, error) {
	scope := authz.From(ctx).Scope(Assign)
	if len(scope) == 0 {
		return nil, nil
	}
	return s.work.Absences(ctx, scope, s.Today().String())
}
