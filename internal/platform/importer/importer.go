// Package importer is dost's one way to load records from a file: CSV or XLSX, streamed line
// by line, every bad line reported with its number, column and a message key, and the
// officer's choice of refusing the whole file when any line is bad or keeping the good lines.
//
// A domain declares a record Kind — its columns and how to check and store one line — and
// registers it; the importer does the rest the same way for every kind: the upload is kept in
// the database in chunks (import_chunks) so that any node can work it, a River job reads it
// in batches of a transaction each with its progress on the jobs page, and the lines' errors
// stay (import_errors) for the page and a CSV report. Storing a line must be idempotent: the
// same record imported again is Unchanged, never a second record.
package importer

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Kind is one kind of record the importer loads.
type Kind struct {
	// Name identifies the kind ("registry.income") in the imports table and the run record.
	Name string
	// Columns are the header names a file must have, in the template's order.
	Columns []string
	// Example is one line of the template.
	Example []string
	// Line checks one line's values (by column, trimmed) in q, the batch's transaction, and
	// returns what stores it; or fail.Fields whose names are columns.
	Line func(ctx context.Context, q db.Querier, values map[string]string) (Store, error)
	// Entity and Purpose name a batch's write in the audit log.
	Entity, Purpose string
}

// Store writes one checked line in the batch's transaction.
type Store func(ctx context.Context, tx *sql.Tx) (Outcome, error)

// Outcome is what storing a line did.
type Outcome int

// The outcomes of a line.
const (
	Added Outcome = iota
	Changed
	Unchanged
)

// Modes: what a file with bad lines does.
const (
	AllOrNothing = "all"  // any bad line refuses the whole file; nothing is stored
	GoodLines    = "good" // the good lines are stored, the bad ones reported
)

// States of an import.
const (
	Queued  = "queued"
	Running = "running"
	Done    = "done"
	Refused = "refused" // all-or-nothing and some line was bad, or the file itself is unreadable
	Failed  = "failed"
)

// LineError is one problem of one line: Column is empty when the whole line is at fault.
type LineError struct {
	Line   int64
	Column string
	Key    string // a message key in the importer's or the kind's catalogue
}

// Import is one uploaded file and how its import went.
type Import struct {
	ID                        int64
	Kind, FileName, Format    string
	Mode, State, StartedBy    string
	Size, Done, Lines, Bad    int64 // Done: bytes of the file read so far
	Added, Changed, Unchanged int64
	Reason                    string // a message key when the file as a whole was refused or failed
	JobID                     int64
	Created                   time.Time
	Finished                  sql.NullTime
}

// Over reports whether the import has ended.
func (i Import) Over() bool { return i.State == Done || i.State == Refused || i.State == Failed }

// Percent is how much of the file has been read.
func (i Import) Percent() int64 {
	if i.Size == 0 || i.Over() {
		return 100
	}
	return min(100, i.Done*100/i.Size)
}

// Kind returns the registered kind.
func (s *Service) Kind(name string) (Kind, error) {
	k, ok := s.kinds[name]
	if !ok {
		return Kind{}, fmt.Errorf("importer: no kind %q", name)
	}
	return k, nil
}
