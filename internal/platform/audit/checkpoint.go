package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Checkpoint is a signed statement that the log held LastID rows ending with LastHash at
// At. Kept in the database and exported outside it, it is what lets verify see that rows
// were removed from the end, or the whole log replaced, which a chain alone cannot show.
type Checkpoint struct {
	ID        int64     `json:"id"` // checkpoints are numbered 1, 2, 3… without gaps
	LastID    int64     `json:"last_id"`
	LastHash  string    `json:"last_hash"`
	Count     int64     `json:"count"` // rows in the log; equal to LastID, since ids run without gaps
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"` // the signing key's id: PublicKeyID of its public half
	Signature []byte    `json:"signature"`
}

// message is what the signature covers: every field, in a fixed text form.
func (c Checkpoint) message() []byte {
	return fmt.Appendf(nil, "dost audit checkpoint v1\nid=%d\nlast_id=%d\nlast_hash=%s\ncount=%d\nat=%s\nkey_id=%s\n",
		c.ID, c.LastID, c.LastHash, c.Count, c.At.UTC().Format(time.RFC3339Nano), c.KeyID)
}

// PublicKeys are the checkpoint keys' public halves verify accepts: the current one and,
// after a rotation, the earlier ones.
type PublicKeys []ed25519.PublicKey

// Signed reports whether c is signed by one of the keys, the one its KeyID names.
func (ks PublicKeys) Signed(c Checkpoint) bool {
	for _, pub := range ks {
		if len(pub) == ed25519.PublicKeySize && PublicKeyID(pub) == c.KeyID && ed25519.Verify(pub, c.message(), c.Signature) {
			return true
		}
	}
	return false
}

// PublicKeyID names a checkpoint public key: the first 16 hex digits of its SHA-256.
func PublicKeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// DemoCheckpointKey signs the checkpoints of demo installations. Its seed is published here,
// so its signatures prove nothing: production sets DOST_CHECKPOINT_KEY or _FILE.
var DemoCheckpointKey = ed25519.NewKeyFromSeed(func() []byte {
	s := sha256.Sum256([]byte("dost-DEMO-checkpoint-key-published-in-the-source-NOT-SECRET"))
	return s[:]
}())

// Exporter keeps checkpoints outside the database: a directory (Dir), or a remote endpoint
// that implements it. Export must not overwrite an earlier checkpoint.
type Exporter interface {
	Export(ctx context.Context, c Checkpoint) error
}

// UseCheckpoints sets the key checkpoints are signed with (nil: the demo key) and where
// they are exported besides the database (nil: nowhere).
func (l *Log) UseCheckpoints(key ed25519.PrivateKey, exp Exporter) {
	if key == nil {
		key = DemoCheckpointKey
	}
	l.signer, l.exporter = key, exp
}

// Checkpoint signs the chain's head into a new checkpoint, unless the latest one is younger
// than every or already names the head. Several nodes may call it on the same period: the
// head row is locked for the decision, so the second finds the first's checkpoint and
// writes nothing. It reports whether it wrote one. The latest checkpoint is exported every
// time (an export is idempotent), so one whose export failed goes out at the next call.
func (l *Log) Checkpoint(ctx context.Context, every time.Duration) (bool, error) {
	return l.checkpoint(ctx, func(latest Checkpoint, now time.Time) bool { return now.Sub(latest.At) >= every })
}

// FirstCheckpoint gives a log that has none its first checkpoint: at migration and start-up,
// so that a chain written before checkpoints existed is covered from the first day.
func (l *Log) FirstCheckpoint(ctx context.Context) (bool, error) {
	return l.checkpoint(ctx, func(Checkpoint, time.Time) bool { return false })
}

func (l *Log) checkpoint(ctx context.Context, again func(latest Checkpoint, now time.Time) bool) (bool, error) {
	var c Checkpoint
	wrote := false
	err := l.db.InTx(ctx, func(tx *sql.Tx) error {
		var head Checkpoint
		if err := tx.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`+l.db.ForUpdate()).Scan(&head.LastID, &head.LastHash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		if head.LastID == 0 {
			return nil
		}
		now := l.clock.Now().UTC().Truncate(time.Microsecond)
		latest, err := latestCheckpoint(ctx, tx)
		switch {
		case errors.Is(err, fail.ErrNotFound): // the first checkpoint
		case err != nil:
			return err
		case latest.LastID == head.LastID || !again(latest, now):
			c = latest // not due: export the latest again, in case its export failed
			return nil
		}
		pub := l.signer.Public().(ed25519.PublicKey)
		c = Checkpoint{ID: latest.ID + 1, LastID: head.LastID, LastHash: head.LastHash, Count: head.LastID, At: now, KeyID: PublicKeyID(pub)}
		c.Signature = ed25519.Sign(l.signer, c.message())
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (id, last_id, last_hash, row_count, at, key_id, signature)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ID, c.LastID, c.LastHash, c.Count, c.At, c.KeyID, hex.EncodeToString(c.Signature))
		wrote = err == nil
		return err
	})
	if err != nil {
		return false, err
	}
	if l.exporter != nil && c.ID != 0 {
		if err := l.exporter.Export(ctx, c); err != nil {
			return wrote, fmt.Errorf("export audit checkpoint %d: %w", c.ID, err)
		}
	}
	return wrote, nil
}

const checkpointColumns = `id, last_id, last_hash, row_count, at, key_id, signature`

func latestCheckpoint(ctx context.Context, tx *sql.Tx) (Checkpoint, error) {
	return db.One(ctx, tx, "latest audit checkpoint", scanCheckpoint,
		`SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY id DESC LIMIT 1`)
}

// Checkpoints lists the checkpoints kept in the database, oldest first.
func (l *Log) Checkpoints(ctx context.Context) ([]Checkpoint, error) {
	cs, err := db.Collect(ctx, l.db, scanCheckpoint, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("audit checkpoints: %w", err)
	}
	return cs, nil
}

func scanCheckpoint(row db.Scanner) (Checkpoint, error) {
	var c Checkpoint
	var sig string
	err := row.Scan(&c.ID, &c.LastID, &c.LastHash, &c.Count, &c.At, &c.KeyID, &sig)
	c.At = c.At.UTC()
	c.Signature, _ = hex.DecodeString(sig) // a mangled signature fails verification, as it should
	return c, err
}
