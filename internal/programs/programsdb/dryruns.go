package programsdb

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/programs"
)

// CreateDryRun records a dry run that is starting.
func (s *Store) CreateDryRun(ctx context.Context, r *programs.DryRunRecord) error {
	return s.db.QueryRowContext(ctx, `INSERT INTO dry_runs (program_id, version, day, lang, started_by, started_at, updated_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		r.ProgramID, r.Version, r.Day, r.Lang, r.StartedBy, r.StartedAt, r.UpdatedAt, r.Status).Scan(&r.ID)
}

// DryRunProgress writes how far a running dry run has gone.
func (s *Store) DryRunProgress(ctx context.Context, id, done, total int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE dry_runs SET done = $1, total = $2, updated_at = $3 WHERE id = $4 AND status = 'running'`,
		done, total, at, id)
	return err
}

// FinishDryRun writes a dry run's outcome: its result, or why it failed.
func (s *Store) FinishDryRun(ctx context.Context, r programs.DryRunRecord) error {
	result := []byte{}
	if r.Result != nil {
		var err error
		if result, err = json.Marshal(r.Result); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, `UPDATE dry_runs SET status = $1, error = $2, result = $3, done = $4, total = $5, updated_at = $6
		WHERE id = $7`, r.Status, r.Error, string(result), r.Done, r.Total, r.UpdatedAt, r.ID)
	return err
}

const dryRunColumns = `d.id, d.program_id, g.code, d.version, d.day, d.lang, d.started_by, d.started_at, d.updated_at,
	d.done, d.total, d.status, d.error, d.result FROM dry_runs d JOIN programs g ON g.id = d.program_id`

// DryRun loads a recorded dry run.
func (s *Store) DryRun(ctx context.Context, id int64) (programs.DryRunRecord, error) {
	return db.One(ctx, s.db, "dry run", scanDryRun, `SELECT `+dryRunColumns+` WHERE d.id = $1`, id)
}

// DryRuns lists a programme's latest dry runs, newest first.
func (s *Store) DryRuns(ctx context.Context, programID int64, limit int) ([]programs.DryRunRecord, error) {
	return db.Collect(ctx, s.db, scanDryRun, `SELECT `+dryRunColumns+` WHERE d.program_id = $1 ORDER BY d.id DESC LIMIT $2`, programID, limit)
}

func scanDryRun(row interface{ Scan(...any) error }) (programs.DryRunRecord, error) {
	var r programs.DryRunRecord
	var result string
	err := row.Scan(&r.ID, &r.ProgramID, &r.Program, &r.Version, &r.Day, &r.Lang, &r.StartedBy, &r.StartedAt, &r.UpdatedAt,
		&r.Done, &r.Total, &r.Status, &r.Error, &result)
	if err == nil && result != "" {
		r.Result = &programs.DryRun{}
		err = json.Unmarshal([]byte(result), r.Result)
	}
	return r, err
}

// VersionDryRuns lists every recorded dry run of one version of a programme's rule, newest
// first: activation looks for a clean one run by someone else.
func (s *Store) VersionDryRuns(ctx context.Context, programID int64, version int) ([]programs.DryRunRecord, error) {
	return db.Collect(ctx, s.db, scanDryRun, `SELECT `+dryRunColumns+` WHERE d.program_id = $1 AND d.version = $2 ORDER BY d.id DESC`, programID, version)
}
