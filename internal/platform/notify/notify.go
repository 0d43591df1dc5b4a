// Package notify is the outbox through which dost tells citizens about their affairs by SMS or
// e-mail. A message is written in the same transaction as the change it reports, so a change
// is never committed without its message nor a message sent for a change that rolled back.
// A dispatcher claims due messages one by one, hands them to a Sender and marks them sent;
// a failure is retried with growing pauses. The message's UUID travels to the gateway as an
// idempotency key, and a message is claimed by exactly one dispatcher, so none is sent twice.
package notify

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Channels a message goes by.
const (
	SMS   = "sms"
	Email = "email"
)

// Message is one notification to one address.
type Message struct {
	ID        int64
	UUID      string
	DedupKey  string // the same key twice is one message: "application:<uuid>:granted"
	PersonID  int64
	Channel   string
	Address   string
	Lang      string
	Subject   string
	Body      string
	Status    string
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// Sender delivers a message through a gateway. Implementations pass m.UUID on as the
// idempotency key where the gateway supports one.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Enqueue writes m to the outbox inside tx. A message whose DedupKey is already there is
// dropped silently: the change it reports was already announced.
func Enqueue(ctx context.Context, tx *sql.Tx, now time.Time, m Message) error {
	if m.Address == "" {
		return nil // nowhere to send it; the citizen still sees the change in the portal
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (uuid, dedup_key, person_id, channel, address, lang, subject, body, status, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $9) ON CONFLICT (dedup_key) DO NOTHING`,
		uuid.Must(uuid.NewV7()).String(), m.DedupKey, db.NullID(m.PersonID), m.Channel, m.Address, m.Lang, m.Subject, m.Body, now)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// Outbox reads and dispatches the notifications table.
type Outbox struct {
	db     *db.DB
	sender Sender
	clock  clock.Clock
	log    *slog.Logger
	// MaxAttempts is how many times a message is tried before it is marked failed for a
	// person to look at.
	MaxAttempts int
}

// New returns the outbox sending through s.
func New(d *db.DB, s Sender, c clock.Clock, log *slog.Logger) *Outbox {
	return &Outbox{db: d, sender: s, clock: c, log: log, MaxAttempts: 8}
}

// staleClaim is how long a claimed message may stay unconfirmed before another dispatcher
// tries it again (the first one died between claiming and marking).
const staleClaim = 10 * time.Minute

// batch is how many messages one claim takes.
const batch = 100

// DispatchDue sends every message that is due and reports how many were sent.
func (o *Outbox) DispatchDue(ctx context.Context) (int, error) {
	sent := 0
	for {
		msgs, err := o.claim(ctx)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		n, err := o.deliver(ctx, msgs)
		sent += n
		if err != nil {
			return sent, err
		}
	}
}

// claim takes up to a batch of due messages for this dispatcher in one statement. A row is
// taken only if it is still due when the update reaches it, so of several dispatchers racing
// for a message exactly one gets it; a message whose dispatcher died after claiming it is due
// again after staleClaim.
func (o *Outbox) claim(ctx context.Context) ([]Message, error) {
	now := o.clock.Now()
	const due = `((status = 'pending' AND next_at <= $1) OR (status = 'sending' AND claimed_at < $2))`
	rows, err := o.db.QueryContext(ctx, `UPDATE notifications SET status = 'sending', claimed_at = $1, attempts = attempts + 1
		WHERE id IN (SELECT id FROM notifications WHERE `+due+` ORDER BY next_at, id LIMIT $3) AND `+due+`
		RETURNING id, uuid, dedup_key, person_id, channel, address, lang, subject, body, attempts`, now, now.Add(-staleClaim), batch)
	if err != nil {
		return nil, fmt.Errorf("outbox claim: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var person sql.NullInt64
		if err := rows.Scan(&m.ID, &m.UUID, &m.DedupKey, &person, &m.Channel, &m.Address, &m.Lang, &m.Subject, &m.Body, &m.Attempts); err != nil {
			return nil, err
		}
		m.PersonID = person.Int64
		out = append(out, m)
	}
	return out, rows.Err()
}

// deliver sends claimed messages and records the outcome: the sent ones in one statement;
// a failed one pending again after a pause that doubles with each attempt, or failed after
// MaxAttempts.
func (o *Outbox) deliver(ctx context.Context, msgs []Message) (int, error) {
	var sent []string
	for _, m := range msgs {
		if err := o.sender.Send(ctx, m); err != nil {
			if err := o.retry(ctx, m, err); err != nil {
				return len(sent), err
			}
			continue
		}
		sent = append(sent, strconv.FormatInt(m.ID, 10))
	}
	if len(sent) == 0 {
		return 0, nil
	}
	// ids are our own integers, so they are written into the statement; a secret's text goes
	// with its sending
	_, err := o.db.ExecContext(ctx, `UPDATE notifications SET status = 'sent', sent_at = $1, last_error = '',
		body = CASE WHEN dedup_key LIKE '`+SecretPrefix+`%' THEN '' ELSE body END
		WHERE id IN (`+strings.Join(sent, ",")+`)`, o.clock.Now())
	return len(sent), err
}

// SecretPrefix marks a message whose text is a secret only its addressee may know (a one-time
// activation code, say): a DedupKey starting with it has its body erased once the message is
// sent or has failed for good, so that the code does not outlive its delivery in the database.
const SecretPrefix = "secret:"

func (o *Outbox) retry(ctx context.Context, m Message, cause error) error {
	status := "pending"
	if m.Attempts >= o.MaxAttempts {
		status = "failed"
	}
	next := o.clock.Now().Add(time.Duration(1<<min(m.Attempts, 12)) * 30 * time.Second)
	o.log.Warn("notification not sent", "notification", m.UUID, "channel", m.Channel, "attempt", m.Attempts, "error", cause.Error())
	_, err := o.db.ExecContext(ctx, `UPDATE notifications SET status = $1, next_at = $2, last_error = $3,
		body = CASE WHEN $1 = 'failed' AND dedup_key LIKE '`+SecretPrefix+`%' THEN '' ELSE body END WHERE id = $4`, status, next, cause.Error(), m.ID)
	return err
}

// Of lists the messages sent or waiting for a person, newest first.
func (o *Outbox) Of(ctx context.Context, personID int64, limit int) ([]Message, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT id, uuid, channel, lang, subject, body, status, attempts, created_at, sent_at
		FROM notifications WHERE person_id = $1 ORDER BY id DESC LIMIT $2`, personID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.UUID, &m.Channel, &m.Lang, &m.Subject, &m.Body, &m.Status, &m.Attempts, &m.CreatedAt, &sent); err != nil {
			return nil, err
		}
		m.SentAt = sent.Time
		out = append(out, m)
	}
	return out, rows.Err()
}

// Counts is how many messages stand in each status.
type Counts map[string]int

// Status counts the outbox by status and lists the messages that failed for good, newest
// first, for the operations page; it reads no message text.
func (o *Outbox) Status(ctx context.Context, limit int) (Counts, []Message, error) {
	counts := Counts{}
	rows, err := o.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM notifications GROUP BY status`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		counts[st] = n
	}
	rows.Close()
	rows, err = o.db.QueryContext(ctx, `SELECT id, uuid, channel, address, attempts, last_error, created_at FROM notifications
		WHERE status = 'failed' ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var failed []Message
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.UUID, &m.Channel, &m.Address, &m.Attempts, &m.LastError, &m.CreatedAt); err != nil {
			return nil, nil, err
		}
		m.Address = Mask(m.Address)
		failed = append(failed, m)
	}
	return counts, failed, rows.Err()
}

// Retry puts a failed message back in the queue, with its attempts counted afresh: after the
// gateway's fault is fixed, an operator sends what it refused.
func (o *Outbox) Retry(ctx context.Context, uuid string) error {
	// a secret's text was erased when it failed for good: sending it again would send nothing
	// (the account is reset instead, which sends a new code)
	res, err := o.db.ExecContext(ctx, `UPDATE notifications SET status = 'pending', attempts = 0, next_at = $1
		WHERE uuid = $2 AND status = 'failed' AND dedup_key NOT LIKE '`+SecretPrefix+`%'`, o.clock.Now(), uuid)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("failed notification: %w", fail.ErrNotFound)
	}
	return nil
}
