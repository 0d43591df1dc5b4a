package servicedesk

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// SavePassport adds a service to the catalogue (p.ID 0) or changes one at the version it was
// read at; a concurrent edit is refused with a conflict rather than overwritten.
func (s *Service) SavePassport(ctx context.Context, p Passport) (Passport, error) {
	if p.Institution != "" && p.InstitutionID == 0 {
		id, err := s.catalogue.InstitutionID(ctx, p.Institution)
		if err != nil {
			return p, err
		}
		p.InstitutionID = id
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	if p.ProgramCode != "" {
		if err := s.checkProgram(ctx, p.ProgramCode); err != nil {
			return p, err
		}
	}
	p.UpdatedBy, p.UpdatedAt = authz.Actor(ctx), s.clock.Now()
	action := audit.Update
	if p.ID == 0 {
		action = audit.Create
	}
	err := s.catalogue.SavePassport(ctx, &p, audit.For(ctx, action, "service catalogue", "service", p.Code, ""))
	if err != nil {
		return p, err
	}
	return s.catalogue.Passport(ctx, p.Code)
}

func (s *Service) checkProgram(ctx context.Context, code string) error {
	progs, err := s.programs.Programs(ctx)
	if err != nil {
		return err
	}
	for _, pr := range progs {
		if pr.Code == code {
			return nil
		}
	}
	return fail.Fields{{Name: "program_code", Key: "invalid.choice"}}
}

// Passport returns a service of the catalogue.
func (s *Service) Passport(ctx context.Context, code string) (Passport, error) {
	return s.catalogue.Passport(ctx, code)
}

// Catalogue lists the services, only those in force unless all is set.
func (s *Service) Catalogue(ctx context.Context, all bool) ([]Passport, error) {
	return s.catalogue.Passports(ctx, !all)
}

// ForChannel lists the services in force that are requested through channel.
func (s *Service) ForChannel(ctx context.Context, channel string) ([]Passport, error) {
	all, err := s.catalogue.Passports(ctx, true)
	if err != nil {
		return nil, err
	}
	var out []Passport
	for _, p := range all {
		if p.Offers(channel) {
			out = append(out, p)
		}
	}
	return out, nil
}
