package importer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

// counts are what a pass over a file found.
type counts struct {
	lines, bad, added, changed, unchanged int64
}

// Run works an import: in all-or-nothing mode it checks every line first and stores only a
// file without bad lines; in good-lines mode it checks and stores in one pass. progress gets
// the bytes read of the file's size. Run starts over when it is run again (a retried job):
// what was stored is then Unchanged.
func (s *Service) Run(ctx context.Context, id int64, progress func(done, total int64)) error {
	imp, err := s.Get(ctx, id)
	if err != nil || imp.State == Done || imp.State == Refused {
		return err // a failed import keeps its file and may be run again
	}
	k, err := s.Kind(imp.Kind)
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM import_errors WHERE import_id = $1`, id); err != nil {
		return err
	}
	if err := s.setState(ctx, id, Running, "", counts{}); err != nil {
		return err
	}
	var c counts
	if imp.Mode == AllOrNothing {
		c, err = s.pass(ctx, imp, k, false, progress)
		if err == nil && c.bad > 0 {
			return s.finish(ctx, imp, Refused, "import.refused_bad_lines", c)
		}
	}
	if err == nil {
		c, err = s.pass(ctx, imp, k, true, progress)
	}
	var file *fileError
	switch {
	case errors.As(err, &file):
		return s.finish(ctx, imp, Refused, file.key, c)
	case errors.Is(context.Cause(ctx), jobs.ErrCancelled):
		s.finish(ctx, imp, Failed, "import.cancelled", c)
		return err
	case err != nil && ctx.Err() != nil:
		return err // the node shuts down: River runs the job again, from the start
	case err != nil:
		s.finish(ctx, imp, Failed, "import.failed", c)
		return err
	}
	return s.finish(ctx, imp, Done, "", c)
}

// fileError refuses a file as a whole: it cannot be read, or its header is wrong.
type fileError struct{ key string }

func (e *fileError) Error() string { return e.key }

// pass reads the file once, a batch of lines per transaction, checking each line and, when
// store, storing the good ones.
func (s *Service) pass(ctx context.Context, imp Import, k Kind, store bool, progress func(done, total int64)) (counts, error) {
	var c counts
	in := &chunkReader{ctx: ctx, db: s.db, id: imp.ID}
	at := &chunksAt{ctx: ctx, db: s.db, id: imp.ID}
	read := func() int64 { return in.read }
	var src source
	var err error
	if imp.Format == "xlsx" {
		src, err = newXLSX(at, imp.Size)
		read = func() int64 { return at.read }
	} else {
		src, err = newCSV(in)
	}
	if err != nil {
		return c, &fileError{key: "import.unreadable"}
	}
	defer src.Close()
	_, head, err := src.Next()
	if err != nil {
		return c, &fileError{key: "import.no_header"}
	}
	idx, headErrs := header(head, k.Columns)
	if len(headErrs) > 0 {
		s.db.InTx(ctx, func(tx *sql.Tx) error { return saveErrors(ctx, tx, imp.ID, headErrs) })
		return c, &fileError{key: "import.bad_header"}
	}
	width := len(head)
	batch := s.Batch
	if batch == 0 {
		batch = 1000
	}
	for done := false; !done; {
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			var errs []LineError
			first := c.lines
			var before = c
			for n := 0; n < batch; n++ {
				line, cells, err := src.Next()
				if errors.Is(err, io.EOF) {
					done = true
					break
				}
				switch {
				case errors.Is(err, errBadQuotes):
					errs = append(errs, LineError{Line: line, Key: "import.bad_quotes"})
					c.lines++
					continue
				case err != nil:
					return &fileError{key: "import.unreadable"}
				case blank(cells):
					continue
				}
				c.lines++
				lineErrs, err := s.line(ctx, tx, k, line, cells, idx, width, store, &c)
				if err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				errs = append(errs, lineErrs...)
			}
			c.bad += countLines(errs)
			if err := saveErrors(ctx, tx, imp.ID, errs); err != nil {
				return err
			}
			if store {
				e := audit.For(ctx, audit.Create, k.Purpose, k.Entity, fmt.Sprint(imp.ID), audit.Msg("import_batch",
					"From", first+2, "To", c.lines+1, "Added", c.added-before.added, "Changed", c.changed-before.changed,
					"Unchanged", c.unchanged-before.unchanged, "Bad", c.bad-before.bad))
				if err := s.audit.Append(ctx, tx, e); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `UPDATE imports SET lines = $1, bad = $2, added = $3, changed = $4, unchanged = $5, done = $6 WHERE id = $7`,
				c.lines, c.bad, c.added, c.changed, c.unchanged, read(), imp.ID)
			return err
		})
		if err != nil {
			return c, err
		}
		if progress != nil {
			progress(read(), imp.Size)
		}
	}
	return c, nil
}

// line checks one line and stores it when store and it is good.
func (s *Service) line(ctx context.Context, tx *sql.Tx, k Kind, line int64, cells []string, idx map[string]int, width int, store bool, c *counts) ([]LineError, error) {
	vals, ok := values(cells, idx, width)
	if !ok {
		return []LineError{{Line: line, Key: "import.extra_cells"}}, nil
	}
	st, err := k.Line(ctx, tx, vals)
	var fields fail.Fields
	if errors.As(err, &fields) {
		out := make([]LineError, len(fields))
		for i, f := range fields {
			out[i] = LineError{Line: line, Column: f.Name, Key: f.Key}
		}
		return out, nil
	}
	if err != nil || !store {
		return nil, err
	}
	o, err := st(ctx, tx)
	switch o {
	case Added:
		c.added++
	case Changed:
		c.changed++
	default:
		c.unchanged++
	}
	return nil, err
}

func countLines(errs []LineError) int64 {
	var n int64
	last := int64(-1)
	for _, e := range errs {
		if e.Line != last {
			n, last = n+1, e.Line
		}
	}
	return n
}

func saveErrors(ctx context.Context, tx *sql.Tx, id int64, errs []LineError) error {
	for _, e := range errs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_errors (import_id, line, col, msg_key) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, id, e.Line, e.Column, e.Key); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) setState(ctx context.Context, id int64, state, reason string, c counts) error {
	_, err := s.db.ExecContext(ctx, `UPDATE imports SET state = $1, reason = $2, lines = $3, bad = $4, added = $5, changed = $6, unchanged = $7
		WHERE id = $8`, state, reason, c.lines, c.bad, c.added, c.changed, c.unchanged, id)
	return err
}

// finish records how the import ended and drops the file — what it held is now in the
// registry or refused, and personal data is not kept twice — unless the import failed, so
// that retrying its job on the jobs page runs it again.
func (s *Service) finish(ctx context.Context, imp Import, state, reason string, c counts) error {
	ctx = context.WithoutCancel(ctx)
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET state = $1, reason = $2, lines = $3, bad = $4, added = $5, changed = $6,
			unchanged = $7, finished_at = $8 WHERE id = $9`, state, reason, c.lines, c.bad, c.added, c.changed, c.unchanged, time.Now().UTC(), imp.ID); err != nil {
			return err
		}
		if state == Failed {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM import_chunks WHERE import_id = $1`, imp.ID)
		return err
	})
}
