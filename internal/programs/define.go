package programs

import (
	"context"
	"regexp"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/fail"
)

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,31}$`)

// Define creates a programme after checking every field.
func (s *Service) Define(ctx context.Context, p Program) (Program, error) {
	var errs fail.Fields
	p.Code = strings.ToUpper(strings.TrimSpace(p.Code))
	if !codePattern.MatchString(p.Code) {
		errs.Add("code", "invalid.program_code", nil)
	}
	p.Name = p.Name.Trimmed()
	for _, lang := range p.Name.Missing() {
		errs.Add("name_"+lang, "invalid.required", nil)
	}
	if strings.TrimSpace(p.Institution) == "" {
		errs.Add("institution", "invalid.required", nil)
	}
	if p.Kind != Monthly && p.Kind != OneOff {
		errs.Add("kind", "invalid.kind", nil)
	}
	if p.Unit != "person" && p.Unit != "household" {
		errs.Add("unit", "invalid.unit", nil)
	}
	if p.AwardMonths < 0 || p.AwardMonths > 600 {
		errs.Add("award_months", "invalid.percent", nil)
	}
	if p.Reassessed && p.Kind != Monthly {
		errs.Add("reassessed", "invalid.reassessed_one_off", nil)
	}
	if err := errs.Err(); err != nil {
		return p, err
	}
	if _, err := s.store.ProgramByCode(ctx, p.Code); err == nil {
		return p, fail.Fields{{Name: "code", Key: "error.duplicate"}}
	}
	if err := s.store.CreateProgram(ctx, &p); err != nil {
		return p, err
	}
	return p, s.audit.Record(ctx, audit.For(ctx, audit.Create, "programme", "program", p.Code, audit.Msg("program_kind", "Kind", audit.Word("program.kind."+p.Kind))))
}

// SetParam records a dated parameter value of a programme.
func (s *Service) SetParam(ctx context.Context, code string, prm Param) error {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return err
	}
	var errs fail.Fields
	if !regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`).MatchString(prm.Name) {
		errs.Add("name", "invalid.param_name", nil)
	}
	if prm.EffectiveFrom.IsZero() {
		errs.Add("effective_from", "invalid.required", nil)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if err := s.store.SetParam(ctx, p.ID, prm); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.For(ctx, audit.Update, "parameter", "program", p.Code, audit.Msg("parameter_from", "Param", audit.Word("param."+prm.Name), "From", prm.EffectiveFrom)))
}

// ParamHistory lists every dated value of a programme's parameters.
func (s *Service) ParamHistory(ctx context.Context, code string) ([]Param, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.store.ParamHistory(ctx, p.ID)
}
