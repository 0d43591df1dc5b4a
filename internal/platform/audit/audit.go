// Package audit keeps the append-only, hash-chained log of every read and write of personal
// data. Each row's hash covers its own fields and the previous row's hash, and ids run without
// gaps, so editing, deleting or reordering any row breaks the chain where Verify finds it.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
)

// Actions recorded in the log.
const (
	Read   = "read"
	Create = "create"
	Update = "update"
	Delete = "delete"
	Login  = "login"
	Search = "search"
)

// Entry is one audited access. Detail names fields or counts, never personal values.
type Entry struct {
	ID            int64     `json:"id"`
	At            time.Time `json:"at"`
	ActorID       int64     `json:"actor_id"`
	ActorLogin    string    `json:"actor_login"`
	InstitutionID int64     `json:"institution_id"`
	Action        string    `json:"action"`
	Purpose       string    `json:"purpose"`
	Entity        string    `json:"entity"`
	EntityID      string    `json:"entity_id"`
	Detail        string    `json:"detail"`
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

// Log appends to and reads the audit log.
type Log struct {
	db      *db.DB
	clock   clock.Clock
	pending chan recording
	start   sync.Once
}

// New returns the log stored in d.
func New(d *db.DB, c clock.Clock) *Log {
	return &Log{db: d, clock: c, pending: make(chan recording, 1024)}
}

// recording is a read waiting to be written, and where to say that it was.
type recording struct {
	entry Entry
	done  chan error
}

// maxGroup bounds how many recorded reads share one transaction.
const maxGroup = 256

// Record appends e for a read and returns once it is committed. Reads that arrive together
// share one transaction (group commit): the chain head is locked once for the group instead
// of once per read, which is what lets a busy portal audit every page without queueing on
// the head. No read is answered before its entry is durable.
func (l *Log) Record(ctx context.Context, e Entry) error {
	l.start.Do(func() { go l.writeGroups() })
	r := recording{entry: e, done: make(chan error, 1)}
	select {
	case l.pending <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

// writeGroups commits whatever reads are waiting, as one transaction, for as long as the
// process runs.
func (l *Log) writeGroups() {
	for first := range l.pending {
		group := []recording{first}
	more:
		for len(group) < maxGroup {
			select {
			case r := <-l.pending:
				group = append(group, r)
			default:
				break more
			}
		}
		entries := make([]Entry, len(group))
		for i, r := range group {
			entries[i] = r.entry
		}
		err := l.db.InTx(context.Background(), func(tx *sql.Tx) error { return l.appendAll(context.Background(), tx, entries) })
		for _, r := range group {
			r.done <- err
		}
	}
}

// Append adds e inside tx, so that a write and its audit row commit or fail together. The
// chain head row is locked for the rest of tx: appends are serialised, which is what makes
// the chain a chain.
func (l *Log) Append(ctx context.Context, tx *sql.Tx, e Entry) error {
	return l.appendAll(ctx, tx, []Entry{e})
}

// appendAll chains entries after the head in one pass: the head is read and moved once.
func (l *Log) appendAll(ctx context.Context, tx *sql.Tx, entries []Entry) error {
	lock := ""
	if l.db.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var lastHash string
	err := tx.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`+lock).Scan(&lastID, &lastHash)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	at := l.clock.Now().UTC().Truncate(time.Microsecond)
	values := make([]string, len(entries))
	args := make([]any, 0, 12*len(entries))
	for i, e := range entries {
		e.ID, e.PrevHash, e.At = lastID+1, lastHash, at
		e.Hash = e.computeHash()
		n := len(args)
		values[i] = fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12)
		args = append(args, e.ID, e.At, nullID(e.ActorID), e.ActorLogin, nullID(e.InstitutionID), e.Action, e.Purpose,
			e.Entity, e.EntityID, e.Detail, e.PrevHash, e.Hash)
		lastID, lastHash = e.ID, e.Hash
	}
	// one statement for the whole group: a round trip per entry would hold the head longer
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_login, institution_id, action, purpose, entity, entity_id, detail, prev_hash, hash)
		VALUES `+strings.Join(values, ", "), args...)
	if err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, lastID, lastHash)
	return err
}

// computeHash is SHA-256 over the previous hash and every field, separated by a byte that
// cannot occur in them unescaped.
func (e Entry) computeHash() string {
	fields := []string{
		e.PrevHash, strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10), e.ActorLogin, strconv.FormatInt(e.InstitutionID, 10),
		e.Action, e.Purpose, e.Entity, e.EntityID, e.Detail,
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(sum[:])
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Recorder appends an entry in a transaction of its own; services take it to record reads,
// which have no write to commit with.
type Recorder interface {
	Record(ctx context.Context, e Entry) error
}

// For starts an entry acting as the principal in ctx, or as "system" when there is none
// (start-up, demo load, batch jobs).
func For(ctx context.Context, action, purpose, entity, entityID, detail string) Entry {
	e := Entry{Action: action, Purpose: purpose, Entity: entity, EntityID: entityID, Detail: detail, ActorLogin: "system"}
	if p := authz.From(ctx); p != nil {
		e.ActorID, e.ActorLogin, e.InstitutionID = p.UserID, p.Login, p.PrimaryInstitution()
	}
	return e
}
