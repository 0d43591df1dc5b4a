// Package programsdb stores programmes, rules, parameters, decisions and entitlements.
package programsdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/programs"
)

// Store implements programs.Store.
type Store struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns the store.
func New(d *db.DB, a *audit.Log, c clock.Clock) *Store { return &Store{db: d, audit: a, clock: c} }

var _ programs.Store = (*Store)(nil)

const programColumns = `id, code, name, kind, unit, award_months, proactive, reassessed, institution`

func scanProgram(row interface{ Scan(...any) error }) (programs.Program, error) {
	var p programs.Program
	err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Kind, &p.Unit, &p.AwardMonths, &p.Proactive, &p.Reassessed, &p.Institution)
	return p, err
}

// CreateProgram inserts p.
func (s *Store) CreateProgram(ctx context.Context, p *programs.Program) error {
	return s.db.QueryRowContext(ctx, `INSERT INTO programs (code, name, kind, unit, award_months, proactive, reassessed, institution, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.Code, p.Name, p.Kind, p.Unit, p.AwardMonths, p.Proactive, p.Reassessed, p.Institution, s.clock.Now()).Scan(&p.ID)
}

// ProgramByCode loads a programme.
func (s *Store) ProgramByCode(ctx context.Context, code string) (programs.Program, error) {
	return db.One(ctx, s.db, "programme", scanProgram, `SELECT `+programColumns+` FROM programs WHERE code = $1`, code)
}

// Programs lists all programmes by code.
func (s *Store) Programs(ctx context.Context) ([]programs.Program, error) {
	return db.Collect(ctx, s.db, scanProgram, `SELECT `+programColumns+` FROM programs ORDER BY code`)
}

// SetParam records a parameter value from a date.
func (s *Store) SetParam(ctx context.Context, programID int64, p programs.Param) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO program_params (program_id, name, effective_from, value) VALUES ($1, $2, $3, $4)
		ON CONFLICT (program_id, name, effective_from) DO UPDATE SET value = excluded.value`,
		programID, p.Name, p.EffectiveFrom, p.Value)
	return err
}

// Params returns each parameter's value in force on day.
func (s *Store) Params(ctx context.Context, programID int64, day clock.Date) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, value FROM program_params
		WHERE program_id = $1 AND effective_from <= $2 ORDER BY effective_from`, programID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return nil, err
		}
		out[name] = v // later dates overwrite earlier ones
	}
	return out, rows.Err()
}

// ParamHistory lists every dated value, by name and date.
func (s *Store) ParamHistory(ctx context.Context, programID int64) ([]programs.Param, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (p programs.Param, err error) {
		err = row.Scan(&p.Name, &p.EffectiveFrom, &p.Value)
		return
	}, `SELECT name, effective_from, value FROM program_params
		WHERE program_id = $1 ORDER BY name, effective_from`, programID)
}

// SaveRule stores r as the programme's next version.
func (s *Store) SaveRule(ctx context.Context, r *programs.RuleVersion, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM rules WHERE program_id = $1`, r.ProgramID).Scan(&last); err != nil {
			return err
		}
		r.Rule.Version = last + 1
		def, err := json.Marshal(r.Rule)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO rules (program_id, version, status, effective_from, definition, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			r.ProgramID, r.Rule.Version, r.Status, r.Rule.EffectiveFrom, string(def), r.CreatedBy, s.clock.Now()).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("save rule: %w", err)
		}
		e.Detail = audit.WithArg(e.Detail, "Version", r.Rule.Version)
		return s.audit.Append(ctx, tx, e)
	})
}

// Rules lists the programme's rule versions, oldest first.
func (s *Store) Rules(ctx context.Context, programID int64) ([]programs.RuleVersion, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (programs.RuleVersion, error) {
		rv := programs.RuleVersion{ProgramID: programID}
		var def string
		if err := row.Scan(&rv.ID, &rv.Status, &def, &rv.CreatedBy, &rv.ActivatedBy); err != nil {
			return rv, err
		}
		if err := json.Unmarshal([]byte(def), &rv.Rule); err != nil {
			return rv, fmt.Errorf("rule %d definition: %w", rv.ID, err)
		}
		return rv, nil
	}, `SELECT id, status, definition, created_by, activated_by FROM rules
		WHERE program_id = $1 ORDER BY version`, programID)
}

// SetRuleStatus activates or retires a rule version.
func (s *Store) SetRuleStatus(ctx context.Context, ruleID int64, status, actor string, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE rules SET status = $1, activated_by = $2, activated_at = $3 WHERE id = $4`,
			status, actor, s.clock.Now(), ruleID)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}
