package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// gateway counts deliveries per message and fails the first attempts of some.
type gateway struct {
	mu       sync.Mutex
	got      map[string]int
	failures map[string]int
}

func (g *gateway) Send(_ context.Context, m notify.Message) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.failures[m.DedupKey+m.Body] > 0 {
		g.failures[m.DedupKey+m.Body]--
		return errors.New("gateway timeout")
	}
	g.got[m.UUID]++
	return nil
}

func enqueue(t *testing.T, d *db.DB, now time.Time, msgs ...notify.Message) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx *sql.Tx) error {
		for _, m := range msgs {
			if err := notify.Enqueue(context.Background(), tx, now, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExactlyOnce: two dispatchers race over fifty messages, one of which the gateway refuses
// twice; every message is delivered once, the refused one after its retries, and a message
// enqueued twice under one key exists once.
func TestExactlyOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock.Fixed{T: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		var msgs []notify.Message
		for i := range 50 {
			msgs = append(msgs, notify.Message{DedupKey: fmt.Sprint("k", i), Channel: notify.SMS, Address: "+994501234567", Lang: "az", Body: fmt.Sprint("text ", i)})
		}
		enqueue(t, d, clk.T, msgs...)
		enqueue(t, d, clk.T, msgs[0]) // the same change announced again
		g := &gateway{got: map[string]int{}, failures: map[string]int{"k7text 7": 2}}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		a, b := notify.New(d, g, clk, log), notify.New(d, g, clk, log)
		var wg sync.WaitGroup
		for _, o := range []*notify.Outbox{a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); o.DispatchDue(ctx) }()
		}
		wg.Wait()
		if len(g.got) != 49 {
			t.Fatalf("first round delivered %d messages, want 49 (one refused by the gateway)", len(g.got))
		}
		for range 2 { // the retry waits: nothing goes before its time, then it goes
			if n, _ := a.DispatchDue(ctx); n != 0 {
				t.Fatalf("a message went before its retry time")
			}
			clk.T = clk.T.Add(time.Hour)
			a.DispatchDue(ctx)
		}
		if len(g.got) != 50 {
			t.Fatalf("delivered %d messages, want 50", len(g.got))
		}
		for id, n := range g.got {
			if n != 1 {
				t.Errorf("message %s sent %d times", id, n)
			}
		}
		var rows, sent int
		d.QueryRow(`SELECT COUNT(*), SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) FROM notifications`).Scan(&rows, &sent)
		if rows != 50 || sent != 50 {
			t.Fatalf("outbox has %d rows, %d sent; want 50 and 50", rows, sent)
		}
	})
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"+994501234567": "+99***67", "a@b": "***", "": "***"} {
		if got := notify.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFailedAndRetried: a message the gateway keeps refusing ends failed after MaxAttempts,
// shows on the operations list with its address masked, and is sent once retried.
func TestFailedAndRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock.Fixed{T: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		enqueue(t, d, clk.T, notify.Message{DedupKey: "x", Channel: notify.SMS, Address: "+994501234567", Lang: "az", Body: "b"})
		g := &gateway{got: map[string]int{}, failures: map[string]int{"xb": 3}}
		o := notify.New(d, g, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		o.MaxAttempts = 3
		for range 3 {
			o.DispatchDue(ctx)
			clk.T = clk.T.Add(24 * time.Hour)
		}
		counts, failed, err := o.Status(ctx, 10)
		if err != nil || counts["failed"] != 1 || len(failed) != 1 || failed[0].Address != "+99***67" || failed[0].LastError == "" {
			t.Fatalf("after three refusals: %v %+v %v", counts, failed, err)
		}
		if err := o.Retry(ctx, failed[0].UUID); err != nil {
			t.Fatal(err)
		}
		if n, _ := o.DispatchDue(ctx); n != 1 || len(g.got) != 1 {
			t.Fatalf("the retried message was not sent: %d", n)
		}
		if err := o.Retry(ctx, failed[0].UUID); err == nil {
			t.Fatal("a sent message was put back in the queue")
		}
	})
}

// TestAttackSecretOutlivesDelivery: a one-time code sent to its owner does not stay readable in
// the outbox once sent, nor once it has failed for good; an ordinary message keeps its text
// (the citizen's cabinet lists it).
func TestAttackSecretOutlivesDelivery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock.Fixed{T: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		g := &gateway{got: map[string]int{}, failures: map[string]int{notify.SecretPrefix + "b" + "code 222": 99}}
		enqueue(t, d, clk.T,
			notify.Message{DedupKey: notify.SecretPrefix + "a", Channel: "sms", Address: "+994501112233", Lang: "az", Body: "code 111"},
			notify.Message{DedupKey: notify.SecretPrefix + "b", Channel: "sms", Address: "+994501112234", Lang: "az", Body: "code 222"},
			notify.Message{DedupKey: "plain", Channel: "sms", Address: "+994501112235", Lang: "az", Body: "your application is granted"})
		o := notify.New(d, g, clk, slog.New(slog.NewJSONHandler(io.Discard, nil)))
		o.MaxAttempts = 1
		for i := 0; i < 3; i++ {
			if _, err := o.DispatchDue(ctx); err != nil {
				t.Fatal(err)
			}
			clk.T = clk.T.Add(24 * time.Hour)
		}
		bodies := map[string]string{}
		rows, err := d.Query(`SELECT dedup_key, body, status FROM notifications`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k, b, s string
			rows.Scan(&k, &b, &s)
			bodies[k] = b + "|" + s
		}
		var failed string
		d.QueryRow(`SELECT uuid FROM notifications WHERE dedup_key = $1`, notify.SecretPrefix+"b").Scan(&failed)
		if err := o.Retry(ctx, failed); err == nil {
			t.Error("a failed secret message, its text erased, was queued to be sent again")
		}
		want := map[string]string{notify.SecretPrefix + "a": "|sent", notify.SecretPrefix + "b": "|failed", "plain": "your application is granted|sent"}
		for k, w := range want {
			if bodies[k] != w {
				t.Errorf("%s: %q, want %q", k, bodies[k], w)
			}
		}
	})
}
