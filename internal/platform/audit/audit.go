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
	db    *db.DB
	clock clock.Clock
}

// New returns the log stored in d.
func New(d *db.DB, c clock.Clock) *Log { return &Log{db: d, clock: c} }

// Record appends e in a transaction of its own; use it for reads.
func (l *Log) Record(ctx context.Context, e Entry) error {
	return l.db.InTx(ctx, func(tx *sql.Tx) error { return l.Append(ctx, tx, e) })
}

// Append adds e inside tx, so that a write and its audit row commit or fail together. The
// chain head row is locked for the rest of tx: appends are serialised, which is what makes
// the chain a chain.
func (l *Log) Append(ctx context.Context, tx *sql.Tx, e Entry) error {
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
	e.ID, e.PrevHash, e.At = lastID+1, lastHash, l.clock.Now().UTC().Truncate(time.Microsecond)
	e.Hash = e.computeHash()
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_login, institution_id, action, purpose, entity, entity_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.At, nullID(e.ActorID), e.ActorLogin, nullID(e.InstitutionID), e.Action, e.Purpose,
		e.Entity, e.EntityID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, e.ID, e.Hash)
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
