// Package servicedeskdb stores the single window: passports, applications with their
// documents and history, ratings and certificates. The queue's tickets are queuedb's.
package servicedeskdb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Store implements servicedesk.Store: every per-concept store of the single window.
type Store struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns the store.
func New(d *db.DB, a *audit.Log, c clock.Clock) *Store { return &Store{db: d, audit: a, clock: c} }

var _ servicedesk.Store = (*Store)(nil)

const passportColumns = `s.id, s.code, s.direction, s.name, s.institution_id, i.code, s.legal_basis,
	s.channels, s.documents, s.refusal_grounds, s.front_minutes, s.back_minutes, s.deadline_days, s.fee, s.program_code,
	s.active, s.many_open, s.version, s.updated_by, s.updated_at`

const passportFrom = ` FROM services s JOIN institutions i ON i.id = s.institution_id`

func scanPassport(row db.Scanner) (servicedesk.Passport, error) {
	var p servicedesk.Passport
	var channels, docs, grounds string
	err := row.Scan(&p.ID, &p.Code, &p.Direction, &p.Name, &p.InstitutionID, &p.Institution, &p.LegalBasis,
		&channels, &docs, &grounds, &p.FrontMinutes, &p.BackMinutes, &p.DeadlineDays, &p.Fee, &p.ProgramCode,
		&p.Active, &p.ManyOpen, &p.Version, &p.UpdatedBy, &p.UpdatedAt)
	p.Channels, p.Documents, p.RefusalGrounds = split(channels), split(docs), split(grounds)
	return p, err
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// SavePassport inserts a new passport (ID 0) or updates one at the version it was read at.
func (s *Store) SavePassport(ctx context.Context, p *servicedesk.Passport, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		args := []any{p.Code, p.Direction, p.Name, p.InstitutionID, p.LegalBasis,
			strings.Join(p.Channels, ","), strings.Join(p.Documents, ","), strings.Join(p.RefusalGrounds, ","),
			p.FrontMinutes, p.BackMinutes, p.DeadlineDays, p.Fee, p.ProgramCode, p.Active, p.UpdatedBy, p.UpdatedAt, p.ManyOpen}
		if p.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO services (code, direction, name, institution_id, legal_basis,
				channels, documents, refusal_grounds, front_minutes, back_minutes, deadline_days, fee, program_code, active, updated_by, updated_at, many_open)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`, args...).Scan(&p.ID)
			if err != nil {
				return duplicate(err)
			}
			p.Version = 1
			return s.audit.Append(ctx, tx, e)
		}
		res, err := tx.ExecContext(ctx, `UPDATE services SET code = $1, direction = $2, name = $3,
			institution_id = $4, legal_basis = $5, channels = $6, documents = $7, refusal_grounds = $8, front_minutes = $9,
			back_minutes = $10, deadline_days = $11, fee = $12, program_code = $13, active = $14, updated_by = $15, updated_at = $16,
			many_open = $17, version = version + 1 WHERE id = $18 AND version = $19`, append(args, p.ID, p.Version)...)
		if err != nil {
			return duplicate(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fail.ErrConflict
		}
		p.Version++
		return s.audit.Append(ctx, tx, e)
	})
}

func duplicate(err error) error {
	if msg := err.Error(); strings.Contains(msg, "UNIQUE") || strings.Contains(msg, "duplicate key") {
		return fail.Fields{{Name: "code", Key: "invalid.duplicate"}}
	}
	return err
}

// Passport loads a passport by its code.
func (s *Store) Passport(ctx context.Context, code string) (servicedesk.Passport, error) {
	return db.One(ctx, s.db, "service", scanPassport, `SELECT `+passportColumns+passportFrom+` WHERE s.code = $1`, code)
}

// PassportByID loads a passport by id.
func (s *Store) PassportByID(ctx context.Context, id int64) (servicedesk.Passport, error) {
	return db.One(ctx, s.db, "service", scanPassport, `SELECT `+passportColumns+passportFrom+` WHERE s.id = $1`, id)
}

// Passports lists the catalogue by code.
func (s *Store) Passports(ctx context.Context, activeOnly bool) ([]servicedesk.Passport, error) {
	return db.Collect(ctx, s.db, scanPassport, `SELECT `+passportColumns+passportFrom+` WHERE s.active OR NOT $1 ORDER BY s.code`, activeOnly)
}

// InstitutionID resolves an institution's code.
func (s *Store) InstitutionID(ctx context.Context, code string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM institutions WHERE code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fail.Fields{{Name: "institution", Key: "invalid.choice"}}
	}
	return id, err
}

// Centres lists the DOST centres: the service points of the DOST Agency.
func (s *Store) Centres(ctx context.Context) ([]servicedesk.Centre, error) {
	return db.Collect(ctx, s.db, func(row db.Scanner) (c servicedesk.Centre, err error) {
		err = row.Scan(&c.ID, &c.Code, &c.Name)
		return
	}, `SELECT sp.id, sp.code, sp.name FROM service_points sp
		JOIN institutions i ON i.id = sp.institution_id WHERE i.code = 'DOST' ORDER BY sp.code`)
}
