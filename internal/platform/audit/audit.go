// Package audit keeps the append-only, hash-chained log of every read and write of personal
// data. Each row's hash is an HMAC, under a key kept outside the database, of its own fields
// and the previous row's hash, and ids run without gaps, so editing, deleting or reordering
// any row breaks the chain where Verify finds it, and nobody without the key can recompute
// it. Signed checkpoints exported outside the database catch what a chain alone cannot: a
// tail cut off, or the whole log replaced (checkpoint.go).
package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/request"
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
	ActorKind     string    `json:"actor_kind"` // staff, citizen, anonymous, system or api
	ClientIP      string    `json:"client_ip"`
	RequestID     string    `json:"request_id"`
	KeyID         string    `json:"key_id"` // the audit key's id; empty on rows written before keying began
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

// Kinds of actor a row records.
const (
	Staff     = "staff"     // a staff member signed in to the back office
	Citizen   = "citizen"   // a person signed in to e-social
	Anonymous = "anonymous" // a request nobody signed in to (kiosk, certificate check)
	System    = "system"    // start-up, demo load, background jobs, the command line
	APIToken  = "api"       // a staff member's API token
)

// Log appends to and reads the audit log.
type Log struct {
	keys     Keyring
	signer   ed25519.PrivateKey
	exporter Exporter
	db       *db.DB
	clock    clock.Clock
	pending  chan recording
	start    sync.Once
}

// New returns the log stored in d, keyed with the published DemoKey until UseKeys says
// otherwise.
func New(d *db.DB, c clock.Clock) *Log {
	return &Log{db: d, clock: c, keys: Keyring{Current: DemoKey}, signer: DemoCheckpointKey, pending: make(chan recording, 1024)}
}

// UseKeys sets the key new rows are written with and the older ones verify accepts. A zero
// Current keeps the demo key.
func (l *Log) UseKeys(k Keyring) {
	if k.Current == nil {
		k.Current = DemoKey
	}
	l.keys = k
}

// recording is a read waiting to be written, and where to say that it was.
type recording struct {
	entry Entry
	done  chan error
}

// maxGroup bounds how many recorded reads share one transaction.
const maxGroup = 256

// Record appends entries for reads and returns once they are committed. Reads that arrive
// together share one transaction (group commit): the chain head is locked once for the group
// instead of once per read, which is what lets a busy portal audit every page without
// queueing on the head. No read is answered before its entries are durable. A page that
// shows several persons records one entry each in one call, so that they share a commit
// rather than wait for one each.
func (l *Log) Record(ctx context.Context, entries ...Entry) error {
	l.start.Do(func() { go l.writeGroups() })
	waits := make([]chan error, 0, len(entries))
	for _, e := range entries {
		r := recording{entry: withRequest(ctx, e), done: make(chan error, 1)}
		select {
		case l.pending <- r:
			waits = append(waits, r.done)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var first error
	for _, done := range waits {
		if err := <-done; err != nil && first == nil {
			first = err
		}
	}
	return first
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
	return l.appendAll(ctx, tx, []Entry{withRequest(ctx, e)})
}

// appendAll chains entries after the head in one pass: the head is read and moved once.
func (l *Log) appendAll(ctx context.Context, tx *sql.Tx, entries []Entry) error {
	var lastID int64
	var lastHash string
	err := tx.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`+l.db.ForUpdate()).Scan(&lastID, &lastHash)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	at := l.clock.Now().UTC().Truncate(time.Microsecond)
	values := make([]string, len(entries))
	args := make([]any, 0, 16*len(entries))
	keyID := KeyID(l.keys.Current)
	for i, e := range entries {
		e.ID, e.PrevHash, e.At, e.KeyID = lastID+1, lastHash, at, keyID
		if e.Hash, err = e.computeHash(l.keys); err != nil {
			return err
		}
		n := len(args)
		ph := make([]string, 16)
		for j := range ph {
			ph[j] = fmt.Sprintf("$%d", n+j+1)
		}
		values[i] = "(" + strings.Join(ph, ", ") + ")"
		args = append(args, e.ID, e.At, db.NullID(e.ActorID), e.ActorLogin, db.NullID(e.InstitutionID), e.Action, e.Purpose,
			e.Entity, e.EntityID, e.Detail, e.ActorKind, e.ClientIP, e.RequestID, e.KeyID, e.PrevHash, e.Hash)
		lastID, lastHash = e.ID, e.Hash
	}
	// one statement for the whole group: a round trip per entry would hold the head longer
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_login, institution_id, action, purpose, entity, entity_id, detail,
		 actor_kind, client_ip, request_id, key_id, prev_hash, hash)
		VALUES `+strings.Join(values, ", "), args...)
	if err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, lastID, lastHash)
	return err
}

// Recorder appends an entry in a transaction of its own; services take it to record reads,
// which have no write to commit with.
type Recorder interface {
	Record(ctx context.Context, entries ...Entry) error
}

// For starts an entry acting as the principal in ctx, or as "system" when there is none
// (start-up, demo load, batch jobs), with the kind of actor, the client's address and the
// request id.
func For(ctx context.Context, action, purpose, entity, entityID, detail string) Entry {
	e := Entry{Action: action, Purpose: purpose, Entity: entity, EntityID: entityID, Detail: detail, ActorLogin: "system"}
	if p := authz.From(ctx); p != nil {
		e.ActorID, e.ActorLogin, e.InstitutionID = p.UserID, p.Login, p.PrimaryInstitution()
	}
	return withRequest(ctx, e)
}

type viaTokenKey struct{}

// ViaToken marks ctx as authenticated by an API token, so rows record the actor as "api".
func ViaToken(ctx context.Context) context.Context {
	return context.WithValue(ctx, viaTokenKey{}, true)
}

// withRequest fills what the context knows and the entry does not say yet: the kind of
// actor, the client's address and the request id. Entries built by hand (sign-in) get them
// too, because Record and Append call it.
func withRequest(ctx context.Context, e Entry) Entry {
	info := request.From(ctx)
	if e.ClientIP == "" {
		e.ClientIP = info.ClientIP
	}
	if e.RequestID == "" {
		e.RequestID = info.ID
	}
	if e.ActorKind == "" {
		e.ActorKind = actorKind(ctx, info)
	}
	return e
}

func actorKind(ctx context.Context, info request.Info) string {
	p := authz.From(ctx)
	switch {
	case p != nil && p.PersonID != 0:
		return Citizen
	case p != nil && ctx.Value(viaTokenKey{}) != nil:
		return APIToken
	case p != nil && p.UserID != 0:
		return Staff
	case info.ID != "":
		return Anonymous
	}
	return System
}
