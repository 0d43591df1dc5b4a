package importer

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// chunkSize is how much of an upload one import_chunks row holds.
const chunkSize = 1 << 20

// Service keeps the registered kinds and works imports.
type Service struct {
	db    *db.DB
	audit *audit.Log
	kinds map[string]Kind
	// Enqueue starts the job that works an import, in the transaction that records the
	// upload (RegisterJobs sets it). Without it an upload stays queued until Run is called.
	Enqueue func(ctx context.Context, tx *sql.Tx, imp Import) (jobID int64, err error)
	// Batch is how many lines one transaction stores; 1000 when zero.
	Batch int
}

// New returns an importer over d that records every batch's write in a.
func New(d *db.DB, a *audit.Log) *Service {
	return &Service{db: d, audit: a, kinds: map[string]Kind{}}
}

// Register adds a kind of record.
func (s *Service) Register(k Kind) { s.kinds[k.Name] = k }

// Upload keeps a file to import as kind in mode and starts its job. A format other than CSV
// or XLSX (by the file's name) or an unknown mode is refused as fail.Fields ("file", "mode").
func (s *Service) Upload(ctx context.Context, kind, fileName, mode string, r io.Reader) (Import, error) {
	if _, err := s.Kind(kind); err != nil {
		return Import{}, err
	}
	imp := Import{Kind: kind, FileName: filepath.Base(fileName), Mode: mode, State: Queued,
		StartedBy: authz.Actor(ctx), Created: time.Now().UTC()}
	var errs fail.Fields
	switch strings.ToLower(filepath.Ext(fileName)) {
	case ".csv", ".txt":
		imp.Format = "csv"
	case ".xlsx":
		imp.Format = "xlsx"
	default:
		errs.Add("file", "import.format", nil)
	}
	if mode != AllOrNothing && mode != GoodLines {
		errs.Add("mode", "import.mode_required", nil)
	}
	if err := errs.Err(); err != nil {
		return imp, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO imports (kind, file_name, format, mode, state, started_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			imp.Kind, imp.FileName, imp.Format, imp.Mode, imp.State, imp.StartedBy, imp.Created).Scan(&imp.ID)
		if err != nil {
			return err
		}
		if imp.Size, err = storeChunks(ctx, tx, imp.ID, r); err != nil {
			return err
		}
		if imp.Size == 0 {
			return fail.Fields{{Name: "file", Key: "import.empty"}}
		}
		if s.Enqueue != nil {
			if imp.JobID, err = s.Enqueue(ctx, tx, imp); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE imports SET size = $1, job_id = $2 WHERE id = $3`, imp.Size, db.NullID(imp.JobID), imp.ID)
		return err
	})
	return imp, err
}

// storeChunks copies r into import_chunks a megabyte at a time.
func storeChunks(ctx context.Context, tx *sql.Tx, id int64, r io.Reader) (int64, error) {
	buf := make([]byte, chunkSize)
	var size int64
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO import_chunks (import_id, seq, data) VALUES ($1, $2, $3)`, id, seq, buf[:n]); err != nil {
				return size, err
			}
			size += int64(n)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return size, nil
		}
		if err != nil {
			return size, err
		}
	}
}

// chunkReader reads an upload back one chunk (one query) at a time.
type chunkReader struct {
	ctx  context.Context
	db   *db.DB
	id   int64
	seq  int
	buf  []byte
	read int64
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		err := c.db.QueryRowContext(c.ctx, `SELECT data FROM import_chunks WHERE import_id = $1 AND seq = $2`, c.id, c.seq).Scan(&c.buf)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, io.EOF
		}
		if err != nil {
			return 0, err
		}
		c.seq++
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	c.read += int64(n)
	return n, nil
}

const importColumns = `id, kind, file_name, format, mode, state, started_by, size, done, lines, bad, added, changed,
	unchanged, reason, COALESCE(job_id, 0), created_at, finished_at`

func scanImport(row db.Scanner) (Import, error) {
	var i Import
	err := row.Scan(&i.ID, &i.Kind, &i.FileName, &i.Format, &i.Mode, &i.State, &i.StartedBy, &i.Size, &i.Done, &i.Lines,
		&i.Bad, &i.Added, &i.Changed, &i.Unchanged, &i.Reason, &i.JobID, &i.Created, &i.Finished)
	return i, err
}

// Get returns one import.
func (s *Service) Get(ctx context.Context, id int64) (Import, error) {
	return db.One(ctx, s.db, "import", scanImport, `SELECT `+importColumns+` FROM imports WHERE id = $1`, id)
}

// Recent returns the newest imports of a kind, at most limit.
func (s *Service) Recent(ctx context.Context, kind string, limit int) ([]Import, error) {
	return db.Collect(ctx, s.db, scanImport, `SELECT `+importColumns+` FROM imports WHERE kind = $1 ORDER BY id DESC LIMIT $2`, kind, limit)
}

// Errors returns an import's line errors after line after, in line order, at most limit.
func (s *Service) Errors(ctx context.Context, id, after int64, limit int) ([]LineError, error) {
	return db.Collect(ctx, s.db, scanLineError, `SELECT line, col, msg_key FROM import_errors
		WHERE import_id = $1 AND line > $2 ORDER BY line, col LIMIT $3`, id, after, limit)
}

// EachError streams all of an import's line errors in line order.
func (s *Service) EachError(ctx context.Context, id int64, fn func(LineError) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT line, col, msg_key FROM import_errors WHERE import_id = $1 ORDER BY line, col`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanLineError(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanLineError(row db.Scanner) (LineError, error) {
	var e LineError
	err := row.Scan(&e.Line, &e.Column, &e.Key)
	return e, err
}
