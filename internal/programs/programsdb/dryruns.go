package programsdb

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/programs"
)

// CreateDryRun records a dry run that is starting and, when enqueue is set, enqueues the job
// that runs it in the same transaction: the record and its job exist together or not at all.
func (s *Store) CreateDryRun(ctx context.Context, r *programs.DryRunRecord, enqueue func(tx *sql.Tx, r programs.DryRunRecord) (int64, error)) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO dry_runs (program_id, version, day, lang, started_by, started_at, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			r.ProgramID, r.Version, r.Day, r.Lang, r.StartedBy, r.StartedAt, r.Status).Scan(&r.ID)
		if err != nil || enqueue == nil {
			return err
		}
		if r.JobID, err = enqueue(tx, *r); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE dry_runs SET job_id = $1 WHERE id = $2`, r.JobID, r.ID)
		return err
	})
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
	_, err := s.db.ExecContext(ctx, `UPDATE dry_runs SET status = $1, error = $2, result = $3 WHERE id = $4`,
		r.Status, r.Error, string(result), r.ID)
	return err
}

// dryRunColumns reads a dry run with its job's run record (job_runs, the platform's general
// record of background work): its state, progress and last sign of life.
const dryRunColumns = `d.id, d.program_id, g.code, d.version, d.day, d.lang, d.started_by, d.started_at,
	d.status, d.error, d.result, COALESCE(d.job_id, 0), COALESCE(r.state, ''), r.heartbeat_at, COALESCE(r.done, 0), COALESCE(r.total, 0)
	FROM dry_runs d JOIN programs g ON g.id = d.program_id LEFT JOIN job_runs r ON r.job_id = d.job_id`

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
	var beat sql.NullTime
	err := row.Scan(&r.ID, &r.ProgramID, &r.Program, &r.Version, &r.Day, &r.Lang, &r.StartedBy, &r.StartedAt,
		&r.Status, &r.Error, &result, &r.JobID, &r.RunState, &beat, &r.Done, &r.Total)
	r.Heartbeat = beat.Time
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
