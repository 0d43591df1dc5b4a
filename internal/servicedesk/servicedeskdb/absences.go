package servicedeskdb

import (
	"context"
	"database/sql"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// SaveAbsence records an officer's absence with its audit row.
func (s *Store) SaveAbsence(ctx context.Context, a *servicedesk.Absence, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO absences (uuid, institution_id, officer, substitute, from_on, to_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.UUID, a.InstitutionID, a.Officer, a.Substitute, a.From, a.To, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// Absences lists the absences of institutions that end on or after day, soonest first.
func (s *Store) Absences(ctx context.Context, institutions []int64, day string) ([]servicedesk.Absence, error) {
	args := db.Args{day}
	return db.Collect(ctx, s.db, func(row db.Scanner) (a servicedesk.Absence, err error) {
		err = row.Scan(&a.ID, &a.UUID, &a.InstitutionID, &a.Officer, &a.Substitute, &a.From, &a.To, &a.CreatedBy, &a.CreatedAt)
		return
	}, `SELECT id, uuid, institution_id, officer, substitute, from_on, to_on, created_by, created_at FROM absences
		WHERE to_on >= $1 AND institution_id IN (`+db.In(&args, institutions)+`) ORDER BY from_on, id LIMIT 500`, args...)
}

// Substituted lists the officers whose work login covers on day.
func (s *Store) Substituted(ctx context.Context, login, day string) ([]string, error) {
	return db.Collect(ctx, s.db, db.Value[string], `SELECT DISTINCT officer FROM absences
		WHERE substitute = $1 AND to_on >= $2 AND from_on <= $2 ORDER BY officer`, login, day)
}
