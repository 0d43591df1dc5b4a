// Package audittest plays the attacker with write access to the database: it edits the audit
// log behind dost's back, past the triggers that stop the application itself, as the owner
// of a PostgreSQL database or anyone who can write a SQLite file can.
package audittest

import (
	"database/sql"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
)

// sqliteTriggers are the guards migration 00016 puts on SQLite; the attacker drops them.
var sqliteTriggers = []string{"audit_log_no_update", "audit_log_no_delete", "audit_checkpoints_no_update",
	"audit_checkpoints_no_delete", "audit_head_forward", "audit_head_no_delete"}

// Tamper runs the statements in one transaction with the audit triggers out of the way:
// PostgreSQL's session_replication_role = replica (what a superuser or owner restoring data
// would use), SQLite's triggers dropped.
func Tamper(t testing.TB, d *db.DB, stmts ...string) {
	t.Helper()
	err := d.InTx(t.Context(), func(tx *sql.Tx) error {
		if err := disarm(tx, d.Dialect); err != nil {
			return err
		}
		for _, s := range stmts {
			if _, err := tx.Exec(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func disarm(tx *sql.Tx, dialect db.Dialect) error {
	if dialect == db.Postgres {
		_, err := tx.Exec(`SET LOCAL session_replication_role = replica`)
		return err
	}
	for _, name := range sqliteTriggers {
		if _, err := tx.Exec(`DROP TRIGGER IF EXISTS ` + name); err != nil {
			return err
		}
	}
	return nil
}

// Rows reads the whole log in id order, as the attacker would before rewriting it.
func Rows(t testing.TB, d *db.DB) []audit.Entry {
	t.Helper()
	rows, err := d.Query(`SELECT id, at, COALESCE(actor_id, 0), actor_login, COALESCE(institution_id, 0), action, purpose, entity,
		entity_id, detail, actor_kind, client_ip, request_id, key_id, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.InstitutionID, &e.Action, &e.Purpose, &e.Entity,
			&e.EntityID, &e.Detail, &e.ActorKind, &e.ClientIP, &e.RequestID, &e.KeyID, &e.PrevHash, &e.Hash); err != nil {
			t.Fatal(err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out
}

// Rewrite replaces the whole log with rows, as given, and points the head at the last one;
// with wipeCheckpoints the checkpoints in the database go too.
func Rewrite(t testing.TB, d *db.DB, rows []audit.Entry, wipeCheckpoints bool) {
	t.Helper()
	err := d.InTx(t.Context(), func(tx *sql.Tx) error {
		if err := disarm(tx, d.Dialect); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM audit_log`); err != nil {
			return err
		}
		if wipeCheckpoints {
			if _, err := tx.Exec(`DELETE FROM audit_checkpoints`); err != nil {
				return err
			}
		}
		last := audit.Entry{}
		for _, e := range rows {
			_, err := tx.Exec(`INSERT INTO audit_log (id, at, actor_id, actor_login, institution_id, action, purpose, entity,
				entity_id, detail, actor_kind, client_ip, request_id, key_id, prev_hash, hash)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
				e.ID, e.At, db.NullID(e.ActorID), e.ActorLogin, db.NullID(e.InstitutionID), e.Action, e.Purpose, e.Entity,
				e.EntityID, e.Detail, e.ActorKind, e.ClientIP, e.RequestID, e.KeyID, e.PrevHash, e.Hash)
			if err != nil {
				return err
			}
			last = e
		}
		_, err := tx.Exec(`UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, last.ID, last.Hash)
		return err
	})
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
}
