package audit_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/audit/audittest"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/request"
)

var (
	testKey   = audit.Keyring{Current: []byte("0123456789abcdef0123456789abcdef-test-audit-key")}
	signer    = ed25519.NewKeyFromSeed(make([]byte, 32))
	publicKey = audit.PublicKeys{signer.Public().(ed25519.PublicKey)}
)

// fixture is a keyed, checkpointed log with its export directory.
type fixture struct {
	log *audit.Log
	dir audit.Dir
}

func seed(t *testing.T, d *db.DB, n int) fixture {
	t.Helper()
	l := audit.New(d, &clock.Fixed{T: time.Date(2026, 11, 2, 9, 0, 0, 123456000, time.UTC)})
	l.UseKeys(testKey)
	f := fixture{log: l, dir: audit.Dir(t.TempDir())}
	l.UseCheckpoints(signer, f.dir)
	record(t, l, n)
	return f
}

func record(t *testing.T, l *audit.Log, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		e := audit.Entry{ActorLogin: "officer", Action: audit.Read, Purpose: "card", Entity: "person", EntityID: "5ABCD12"}
		if err := l.Record(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// verify checks the log the way `dost audit verify` does: keys, public key, latest export.
func (f fixture) verify(t *testing.T) audit.VerifyResult {
	t.Helper()
	latest, err := f.dir.Latest(publicKey)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.log.Verify(context.Background(), audit.VerifyOptions{Public: publicKey, Exported: latest})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (f fixture) checkpoint(t *testing.T) {
	t.Helper()
	if wrote, err := f.log.Checkpoint(context.Background(), 0); err != nil || !wrote {
		t.Fatalf("checkpoint: wrote %v, %v", wrote, err)
	}
}

func TestVerifyIntactChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 7)
		f.checkpoint(t)
		record(t, f.log, 2) // rows after the latest checkpoint are fine
		res := f.verify(t)
		if res.Broken != nil || res.Rows != 9 || res.Against == nil || res.Against.LastID != 7 || res.Checkpoints != 1 {
			t.Fatalf("verify = %+v; want 9 rows intact, checked against checkpoint at row 7", res)
		}
	})
}

func TestVerifyFindsTampering(t *testing.T) {
	cases := []struct {
		name, sql string
		wantID    int64
		reason    string
	}{
		{"edited", `UPDATE audit_log SET entity_id = 'OTHER12' WHERE id = 4`, 4, "edited"},
		{"deleted in the middle", `DELETE FROM audit_log WHERE id = 3`, 3, "missing"},
		{"deleted at the end", `DELETE FROM audit_log WHERE id = 7`, 7, "deleted from the end"},
		{"rehashed row", `UPDATE audit_log SET hash = 'x' WHERE id = 5`, 5, "edited"},
		{"request id changed", `UPDATE audit_log SET client_ip = '10.0.0.1' WHERE id = 2`, 2, "edited"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				f := seed(t, d, 7)
				audittest.Tamper(t, d, c.sql)
				res := f.verify(t)
				if res.Broken == nil || res.Broken.ID != c.wantID || !strings.Contains(res.Broken.Reason, c.reason) {
					t.Fatalf("broken = %+v, want row %d (%s)", res.Broken, c.wantID, c.reason)
				}
			})
		})
	}
}

// attack runs one attack on a log of 7 checkpointed rows and checks verify names it.
func attack(t *testing.T, want string, do func(t *testing.T, d *db.DB, rows []audit.Entry)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 7)
		f.checkpoint(t)
		do(t, d, audittest.Rows(t, d))
		res := f.verify(t)
		if res.Broken == nil || !strings.Contains(res.Broken.Reason, want) {
			t.Fatalf("verify = %+v; want it to find %q", res.Broken, want)
		}
		t.Logf("verify: row %d: %s", res.Broken.ID, res.Broken.Reason)
	})
}

// rechain recomputes prev-hashes and hashes from the first row on, as an attacker without
// the audit key can: plain SHA-256 with the key id emptied, or HMAC under a key they chose.
func rechain(rows []audit.Entry, k audit.Keyring) []audit.Entry {
	prev := ""
	for i := range rows {
		rows[i].PrevHash = prev
		if k.Current == nil {
			rows[i].KeyID = ""
		} else {
			rows[i].KeyID = audit.KeyID(k.Current)
		}
		rows[i].Hash = audit.Hash(rows[i], k)
		prev = rows[i].Hash
	}
	return rows
}

// TestAttackTruncateTail cuts the last rows and the database's checkpoints and moves the head
// back: the chain that is left is intact, but it ends before the exported checkpoint.
func TestAttackTruncateTail(t *testing.T) {
	attack(t, "before the latest exported checkpoint", func(t *testing.T, d *db.DB, rows []audit.Entry) {
		audittest.Rewrite(t, d, rows[:4], true)
	})
}

// TestAttackEditAndRecompute edits a row and recomputes the chain after it, both without a
// key and with a key of the attacker's own.
func TestAttackEditAndRecompute(t *testing.T) {
	t.Run("unkeyed", func(t *testing.T) {
		attack(t, "", func(t *testing.T, d *db.DB, rows []audit.Entry) {
			rows[2].EntityID = "OTHER12"
			audittest.Rewrite(t, d, rechain(rows, audit.Keyring{}), true)
		})
	})
	t.Run("own key", func(t *testing.T) {
		attack(t, "not among the keys given", func(t *testing.T, d *db.DB, rows []audit.Entry) {
			rows[2].EntityID = "OTHER12"
			audittest.Rewrite(t, d, rechain(rows, audit.Keyring{Current: []byte(strings.Repeat("k", 32))}), true)
		})
	})
	t.Run("key id kept", func(t *testing.T) {
		attack(t, "the row was edited", func(t *testing.T, d *db.DB, rows []audit.Entry) {
			rows[2].EntityID = "OTHER12"
			for i := 2; i < len(rows); i++ { // keep the real key id, guess the HMAC with SHA-256
				rows[i].PrevHash = rows[i-1].Hash
				sum := sha256.Sum256([]byte(rows[i].PrevHash + rows[i].EntityID))
				rows[i].Hash = hex.EncodeToString(sum[:])
			}
			audittest.Rewrite(t, d, rows, true)
		})
	})
}

// TestAttackDeleteRangeAndRenumber removes rows 3–4, renumbers the rest and rechains.
func TestAttackDeleteRangeAndRenumber(t *testing.T) {
	attack(t, "", func(t *testing.T, d *db.DB, rows []audit.Entry) {
		kept := append(rows[:2:2], rows[4:]...)
		for i := range kept {
			kept[i].ID = int64(i + 1)
		}
		audittest.Rewrite(t, d, rechain(kept, audit.Keyring{}), true)
	})
}

// TestAttackWipe empties the log, its checkpoints and the head.
func TestAttackWipe(t *testing.T) {
	attack(t, "the log ends at row 0, before the latest exported checkpoint", func(t *testing.T, d *db.DB, rows []audit.Entry) {
		audittest.Rewrite(t, d, nil, true)
	})
}

// TestAttackForgedCheckpoint writes a checkpoint file signed by another key after truncating:
// it is not believed, and the genuine one still finds the truncation.
func TestAttackForgedCheckpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 7)
		f.checkpoint(t)
		rows := audittest.Rows(t, d)
		audittest.Rewrite(t, d, rows[:4], true)
		forged := audit.Checkpoint{ID: 2, LastID: 4, LastHash: rows[3].Hash, Count: 4, At: time.Now(), KeyID: audit.PublicKeyID(publicKey[0])}
		forged.Signature = ed25519.Sign(ed25519.NewKeyFromSeed([]byte(strings.Repeat("x", 32))), []byte("the attacker cannot sign with the real key"))
		if err := f.dir.Export(context.Background(), forged); err != nil {
			t.Fatal(err)
		}
		if res := f.verify(t); res.Broken == nil || !strings.Contains(res.Broken.Reason, "before the latest exported checkpoint") {
			t.Fatalf("verify = %+v", res.Broken)
		}
	})
}

// TestUnkeyedChainStillVerifies: rows written before keying (plain SHA-256, no key id) keep
// verifying, keyed rows follow them, and a keyed row rewritten as unkeyed is caught.
func TestUnkeyedChainStillVerifies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 3)
		legacy := rechain(audittest.Rows(t, d), audit.Keyring{})
		audittest.Rewrite(t, d, legacy, true)
		record(t, f.log, 2)
		f.checkpoint(t)
		if res := f.verify(t); res.Broken != nil || res.Rows != 5 {
			t.Fatalf("legacy then keyed: %+v", res)
		}
		rows := audittest.Rows(t, d)
		if rows[2].KeyID != "" || rows[3].KeyID != audit.KeyID(testKey.Current) {
			t.Fatalf("key ids %q %q", rows[2].KeyID, rows[3].KeyID)
		}
		rows[4].KeyID = ""
		rows[4].Hash = audit.Hash(rows[4], audit.Keyring{})
		audittest.Rewrite(t, d, rows, false)
		if res := f.verify(t); res.Broken == nil || res.Broken.ID != 5 || !strings.Contains(res.Broken.Reason, "keying began at row 4") {
			t.Fatalf("downgraded row: %+v", res.Broken)
		}
	})
}

// TestKeyRotation: rows written under an old key verify when the old key is kept beside the
// new one, and name the missing key when it is not.
func TestKeyRotation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 3)
		newKey := []byte("a-brand-new-audit-key-after-rotation-0001")
		f.log.UseKeys(audit.Keyring{Current: newKey, Old: testKey.Old})
		f.log.UseKeys(audit.Keyring{Current: newKey, Old: [][]byte{testKey.Current}})
		record(t, f.log, 2)
		if res := f.verify(t); res.Broken != nil || res.Rows != 5 {
			t.Fatalf("after rotation: %+v", res)
		}
		f.log.UseKeys(audit.Keyring{Current: newKey})
		if res := f.verify(t); res.Broken == nil || res.Broken.ID != 1 || !strings.Contains(res.Broken.Reason, audit.KeyID(testKey.Current)) {
			t.Fatalf("old key missing: %+v", res.Broken)
		}
	})
}

// TestCheckpointOnePerPeriod: a second writer within the period writes nothing, one after it
// writes, and nothing is written when the log has not moved.
func TestCheckpointOnePerPeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := &clock.Fixed{T: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		l := audit.New(d, c)
		l.UseCheckpoints(signer, nil)
		ctx := context.Background()
		if wrote, err := l.FirstCheckpoint(ctx); wrote || err != nil {
			t.Fatalf("empty log checkpointed: %v %v", wrote, err)
		}
		record(t, l, 2)
		if wrote, err := l.FirstCheckpoint(ctx); !wrote || err != nil {
			t.Fatalf("first checkpoint: %v %v", wrote, err)
		}
		record(t, l, 1)
		if wrote, _ := l.FirstCheckpoint(ctx); wrote {
			t.Fatal("a second first checkpoint")
		}
		if wrote, _ := l.Checkpoint(ctx, 5*time.Minute); wrote {
			t.Fatal("checkpoint within the period")
		}
		c.T = c.T.Add(5 * time.Minute)
		if wrote, _ := l.Checkpoint(ctx, 5*time.Minute); !wrote {
			t.Fatal("no checkpoint after the period")
		}
		c.T = c.T.Add(time.Hour)
		if wrote, _ := l.Checkpoint(ctx, 5*time.Minute); wrote {
			t.Fatal("checkpoint of an unchanged log")
		}
		cs, _ := l.Checkpoints(ctx)
		if len(cs) != 2 || cs[0].LastID != 2 || cs[1].LastID != 3 || !publicKey.Signed(cs[1]) {
			t.Fatalf("checkpoints %+v", cs)
		}
	})
}

// TestAttackAppendOnlyTriggers: the application's own statements cannot rewrite the log.
func TestAttackAppendOnlyTriggers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		seed(t, d, 3)
		for _, s := range []string{`UPDATE audit_log SET detail = 'x' WHERE id = 1`, `DELETE FROM audit_log WHERE id = 3`,
			`UPDATE audit_head SET last_id = 1`, `DELETE FROM audit_head`} {
			if _, err := d.Exec(s); err == nil {
				t.Errorf("%s: accepted", s)
			}
		}
	})
}

func TestRowsRecordActorKindAddressAndRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 0).log
		req := request.With(context.Background(), request.Info{ID: "req-1", ClientIP: "203.0.113.7"})
		staff := authz.With(req, &authz.Principal{UserID: 9, Login: "officer", Grants: []authz.Grant{{Role: authz.BackOffice, InstitutionID: 2}}})
		citizen := authz.With(req, &authz.Principal{PersonID: 5, Login: "citizen:5ABCD12"})
		for _, ctx := range []context.Context{staff, audit.ViaToken(staff), citizen, req, context.Background()} {
			if err := l.Record(ctx, audit.For(ctx, audit.Read, "card", "person", "5ABCD12", "")); err != nil {
				t.Fatal(err)
			}
		}
		got := audittest.Rows(t, d)
		want := []string{audit.Staff, audit.APIToken, audit.Citizen, audit.Anonymous, audit.System}
		for i, e := range got {
			if e.ActorKind != want[i] {
				t.Errorf("row %d kind %q, want %q", i+1, e.ActorKind, want[i])
			}
		}
		if got[0].ClientIP != "203.0.113.7" || got[0].RequestID != "req-1" || got[4].ClientIP != "" {
			t.Fatalf("rows %+v", got)
		}
		page, _ := l.List(context.Background(), audit.Filter{ActorKind: audit.Citizen})
		if len(page) != 1 || page[0].ID != 3 {
			t.Fatalf("citizen filter: %+v", page)
		}
	})
}

func TestListFiltersAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := seed(t, d, 5).log
		ctx := context.Background()
		page, err := l.List(ctx, audit.Filter{Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != 5 {
			t.Fatalf("first page = %+v, %v", page, err)
		}
		next, _ := l.List(ctx, audit.Filter{Limit: 2, BeforeID: page[1].ID})
		if len(next) != 2 || next[0].ID != 3 {
			t.Fatalf("second page = %+v", next)
		}
		none, _ := l.List(ctx, audit.Filter{Institutions: []int64{}})
		if len(none) != 0 {
			t.Fatalf("empty scope listed %d rows", len(none))
		}
	})
}

// TestCheckpointExportRetried: a checkpoint whose export failed (the directory unreachable) is
// exported at the next call, without a second checkpoint being written.
func TestCheckpointExportRetried(t *testing.T) {
	d := dbtest.SQLite(t)
	blocked := filepath.Join(t.TempDir(), "mount")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil { // a file where the directory should be
		t.Fatal(err)
	}
	l := audit.New(d, &clock.Fixed{T: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)})
	l.UseCheckpoints(signer, audit.Dir(filepath.Join(blocked, "checkpoints")))
	record(t, l, 2)
	if wrote, err := l.Checkpoint(context.Background(), time.Hour); !wrote || err == nil {
		t.Fatalf("first checkpoint: wrote %v, err %v; want written and its export failed", wrote, err)
	}
	os.Remove(blocked)
	if wrote, err := l.Checkpoint(context.Background(), time.Hour); wrote || err != nil {
		t.Fatalf("second call: wrote %v, err %v", wrote, err)
	}
	latest, err := audit.Dir(filepath.Join(blocked, "checkpoints")).Latest(publicKey)
	if err != nil || latest == nil || latest.ID != 1 || latest.LastID != 2 {
		t.Fatalf("exported %+v, %v", latest, err)
	}
}

// BenchmarkRecordParallel is many requests auditing reads at once: group commit shares one
// transaction and one head update among them, keyed hashes included.
func BenchmarkRecordParallel(b *testing.B) {
	d := dbtest.SQLite(b)
	l := audit.New(d, clock.System{})
	l.UseKeys(testKey)
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Record(context.Background(), audit.Entry{ActorLogin: "officer", Action: audit.Read, Purpose: "card", Entity: "person", EntityID: "5ABCD12"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestCheckpointOneWriterAcrossNodes: nodes that reach the period together write one
// checkpoint between them, and none of them fails.
func TestCheckpointOneWriterAcrossNodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := &clock.Fixed{T: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		record(t, audit.New(d, c), 3)
		const nodes = 8
		wrote := make(chan bool, nodes)
		errs := make(chan error, nodes)
		for range nodes {
			go func() {
				l := audit.New(d, c) // a node of its own, on the same database
				l.UseCheckpoints(signer, nil)
				w, err := l.Checkpoint(context.Background(), 5*time.Minute)
				wrote <- w
				errs <- err
			}()
		}
		n := 0
		for range nodes {
			if <-wrote {
				n++
			}
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		cs, _ := audit.New(d, c).Checkpoints(context.Background())
		if n != 1 || len(cs) != 1 {
			t.Fatalf("%d nodes wrote, %d checkpoints; want one", n, len(cs))
		}
	})
}

// TestRecordSeveral: one call records several reads (a queue showing several persons), each a
// row of its own in the chain, and the chain verifies.
func TestRecordSeveral(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := seed(t, d, 1)
		var es []audit.Entry
		for _, fin := range []string{"1AAAAAA", "2BBBBBB", "3CCCCCC"} {
			es = append(es, audit.Entry{ActorLogin: "officer", Action: audit.Read, Purpose: "queue", Entity: "person", EntityID: fin})
		}
		if err := f.log.Record(context.Background(), es...); err != nil {
			t.Fatal(err)
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE purpose = 'queue'`).Scan(&n)
		if res := f.verify(t); n != 3 || res.Broken != nil || res.Rows != 4 {
			t.Fatalf("%d queue rows, verify %+v; want 3 rows and an intact chain of 4", n, res)
		}
	})
}
