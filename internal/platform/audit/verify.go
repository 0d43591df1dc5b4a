package audit

import (
	"context"
	"database/sql"
	"fmt"
)

// Broken describes the first row where the chain does not hold.
type Broken struct {
	ID     int64
	Reason string
}

// VerifyResult is what Verify found.
type VerifyResult struct {
	Rows   int64
	Broken *Broken
}

// Verify walks the whole log in id order, in keyset batches so memory stays flat, and
// recomputes every hash. progress, if not nil, is called with the rows checked so far.
func (l *Log) Verify(ctx context.Context, progress func(done, total int64)) (VerifyResult, error) {
	var res VerifyResult
	var headID int64
	var headHash string
	if err := l.db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return res, fmt.Errorf("audit head: %w", err)
	}
	prev := Entry{}
	for {
		batch, err := l.batch(ctx, prev.ID, 5000)
		if err != nil {
			return res, err
		}
		for _, e := range batch {
			if b := check(prev, e); b != nil {
				res.Broken = b
				return res, nil
			}
			prev = e
			res.Rows++
		}
		if progress != nil {
			progress(res.Rows, headID)
		}
		if len(batch) < 5000 {
			break
		}
	}
	if prev.ID != headID || prev.Hash != headHash {
		res.Broken = &Broken{ID: prev.ID + 1, Reason: fmt.Sprintf("the log ends at row %d but the chain head records row %d: rows were deleted from the end", prev.ID, headID)}
	}
	return res, nil
}

func check(prev, e Entry) *Broken {
	switch {
	case e.ID != prev.ID+1:
		return &Broken{ID: prev.ID + 1, Reason: fmt.Sprintf("row %d is missing (next row is %d)", prev.ID+1, e.ID)}
	case e.PrevHash != prev.Hash:
		return &Broken{ID: e.ID, Reason: "its previous-hash does not match the row before it"}
	case e.Hash != e.computeHash():
		return &Broken{ID: e.ID, Reason: "its contents do not match its hash: the row was edited"}
	}
	return nil
}

func (l *Log) batch(ctx context.Context, after int64, n int) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT `+columns+` FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return scanEntries(rows)
}

const columns = `id, at, COALESCE(actor_id, 0), actor_login, COALESCE(institution_id, 0), action, purpose, entity, entity_id, detail, prev_hash, hash`

func scanEntries(rows *sql.Rows) ([]Entry, error) {
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLogin, &e.InstitutionID, &e.Action,
			&e.Purpose, &e.Entity, &e.EntityID, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
