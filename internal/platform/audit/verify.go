package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Broken describes the first place where the log does not hold.
type Broken struct {
	ID     int64
	Reason string
}

// VerifyResult is what Verify found.
type VerifyResult struct {
	Rows        int64
	Checkpoints int         // checkpoints in the database checked against the chain
	Against     *Checkpoint // the exported checkpoint the log was checked against, if any
	Broken      *Broken
}

// VerifyOptions says what, beyond the chain itself, Verify checks the log against.
type VerifyOptions struct {
	// Public are the checkpoint keys' public halves; without them checkpoints' signatures
	// are not checked and Exported is ignored.
	Public PublicKeys
	// Exported is the latest checkpoint kept outside the database (LatestExported): the log
	// must reach it and agree with it. Nil: only the chain and the database's checkpoints.
	Exported *Checkpoint
	// Progress, if not nil, is called with the rows checked so far.
	Progress func(done, total int64)
}

// Verify walks the whole log in id order, in keyset batches so memory stays flat, and
// recomputes every hash with the log's keys; then checks the checkpoints: those in the
// database and the exported one must be signed by the checkpoint key and name rows the log
// holds with the same hash, and the log must not end before the exported checkpoint. That
// last check is what finds a tail cut off with the head moved back, a wiped log, or an older
// backup restored in place — none of which breaks a chain.
func (l *Log) Verify(ctx context.Context, o VerifyOptions) (VerifyResult, error) {
	var res VerifyResult
	var headID int64
	var headHash string
	if err := l.db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return res, fmt.Errorf("audit head: %w", err)
	}
	stored, err := l.Checkpoints(ctx)
	if err != nil {
		return res, err
	}
	want := map[int64]string{} // row id → hash a checkpoint vouches for
	for _, c := range stored {
		want[c.LastID] = c.LastHash
	}
	if o.Exported != nil {
		want[o.Exported.LastID] = o.Exported.LastHash
	}
	seen := map[int64]string{}
	prev, keyedFrom := Entry{}, int64(0)
	for {
		batch, err := l.batch(ctx, prev.ID, 5000)
		if err != nil {
			return res, err
		}
		for _, e := range batch {
			if b := l.check(prev, e, keyedFrom); b != nil {
				res.Broken = b
				return res, nil
			}
			if e.KeyID != "" && keyedFrom == 0 {
				keyedFrom = e.ID
			}
			if _, ok := want[e.ID]; ok {
				seen[e.ID] = e.Hash
			}
			prev = e
			res.Rows++
		}
		if o.Progress != nil {
			o.Progress(res.Rows, headID)
		}
		if len(batch) < 5000 {
			break
		}
	}
	if prev.ID != headID || prev.Hash != headHash {
		res.Broken = &Broken{ID: prev.ID + 1, Reason: fmt.Sprintf("the log ends at row %d but the chain head records row %d: rows were deleted from the end, or the head was moved", prev.ID, headID)}
		return res, nil
	}
	for _, c := range stored {
		if res.Broken = checkpointHolds(c, o.Public, seen, prev.ID, "checkpoint "+fmt.Sprint(c.ID)+" in the database"); res.Broken != nil {
			return res, nil
		}
		res.Checkpoints++
	}
	if o.Exported != nil && o.Public != nil {
		res.Against = o.Exported
		if res.Broken = checkpointHolds(*o.Exported, o.Public, seen, prev.ID, "the latest exported checkpoint ("+fmt.Sprint(o.Exported.ID)+")"); res.Broken != nil {
			return res, nil
		}
		if !hasCheckpoint(stored, o.Exported.ID) {
			res.Broken = &Broken{ID: o.Exported.LastID, Reason: fmt.Sprintf("the latest exported checkpoint (%d) is missing from the database: its checkpoints were deleted", o.Exported.ID)}
		}
	}
	return res, nil
}

// checkpointHolds checks one checkpoint's signature and that the log reaches and agrees with it.
func checkpointHolds(c Checkpoint, pub PublicKeys, seen map[int64]string, lastID int64, name string) *Broken {
	at := c.At.UTC().Format(time.RFC3339)
	switch {
	case pub != nil && !pub.Signed(c):
		return &Broken{ID: c.LastID, Reason: name + " is not signed by the checkpoint key: it was forged or altered"}
	case lastID < c.LastID:
		return &Broken{ID: lastID + 1, Reason: fmt.Sprintf("the log ends at row %d, before %s, which recorded row %d at %s: rows were removed from the end, the log was wiped, or an older backup was restored", lastID, name, c.LastID, at)}
	case seen[c.LastID] != c.LastHash:
		return &Broken{ID: c.LastID, Reason: fmt.Sprintf("row %d does not have the hash %s recorded at %s: the log was rewritten", c.LastID, name, at)}
	}
	return nil
}

func hasCheckpoint(cs []Checkpoint, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func (l *Log) check(prev, e Entry, keyedFrom int64) *Broken {
	switch {
	case e.ID != prev.ID+1:
		return &Broken{ID: prev.ID + 1, Reason: fmt.Sprintf("row %d is missing (next row is %d)", prev.ID+1, e.ID)}
	case e.PrevHash != prev.Hash:
		return &Broken{ID: e.ID, Reason: "its previous-hash does not match the row before it"}
	case e.KeyID == "" && keyedFrom != 0:
		return &Broken{ID: e.ID, Reason: fmt.Sprintf("it carries no audit key although keying began at row %d: the row was rewritten without the key", keyedFrom)}
	}
	h, err := e.computeHash(l.keys)
	switch {
	case err != nil:
		return &Broken{ID: e.ID, Reason: err.Error() + ": give verify every audit key in use since this row was written"}
	case e.Hash != h:
		return &Broken{ID: e.ID, Reason: "its contents do not match its hash: the row was edited (or the chain recomputed without the audit key)"}
	}
	return nil
}

func (l *Log) batch(ctx context.Context, after int64, n int) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT `+columns+` FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return db.CollectRows(rows, scanEntry)
}

const columns = `id, at, COALESCE(actor_id, 0), actor_login, COALESCE(institution_id, 0), action, purpose, entity, entity_id, detail,
	actor_kind, client_ip, request_id, key_id, prev_hash, hash`

func scanEntry(row db.Scanner) (Entry, error) {
	var e Entry
	err := row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.InstitutionID, &e.Action,
		&e.Purpose, &e.Entity, &e.EntityID, &e.Detail, &e.ActorKind, &e.ClientIP, &e.RequestID, &e.KeyID,
		&e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}
