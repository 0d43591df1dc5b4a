package interopdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/db"
)

// SetRequest keeps what a transaction will send (an on-subscribe answer).
func (s *Store) SetRequest(ctx context.Context, id int64, request string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE dci_transactions SET request = $2 WHERE id = $1`, id, request)
	return err
}

// CreateSubscriptions inserts subscriptions in one transaction.
func (s *Store) CreateSubscriptions(ctx context.Context, subs []interop.Subscription) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, sub := range subs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dci_subscriptions (code, client_id, txn_id, reference_id, fin, event_type, status, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, sub.Code, sub.ClientID, sub.TxnID, sub.ReferenceID, sub.FIN, sub.EventType, sub.Status, sub.CreatedAt); err != nil {
				return fmt.Errorf("subscription: %w", err)
			}
		}
		return nil
	})
}

// Subscribed reports whether the client's subscription code is live: a notification queued
// before an unsubscribe is sent only if it still is.
func (s *Store) Subscribed(ctx context.Context, clientID int64, code string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM dci_subscriptions WHERE client_id = $1 AND code = $2 AND status = 'subscribe'`,
		clientID, code).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("subscription: %w", err)
	}
	return n > 0, nil
}

// Unsubscribe ends the client's live subscriptions among codes and returns those it ended.
func (s *Store) Unsubscribe(ctx context.Context, clientID int64, codes []string, now time.Time) ([]string, error) {
	var ended []string
	for _, code := range codes {
		res, err := s.db.ExecContext(ctx, `UPDATE dci_subscriptions SET status = 'unsubscribe', ended_at = $3
			WHERE client_id = $1 AND code = $2 AND status = 'subscribe'`, clientID, code, now)
		if err != nil {
			return ended, fmt.Errorf("unsubscribe: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			ended = append(ended, code)
		}
	}
	return ended, nil
}

// event is one thing a subscriber is told of: the subscription, whose record, which change
// (its id, or the person's for a registration) and the event type.
type event struct {
	subID, clientID int64
	code, ref, fin  string
	eventType, key  string
	subscriptionTxn string
}

// eventsSQL finds, between two watermarks of persons ($1, $2) and of person changes ($3, $4),
// the events live subscriptions ask for: a person registered (REGISTER); someone joining the
// household of a subscribed person (NewHouseHoldMember, the record sent is the newcomer's);
// a field of the person changed (dost:UPDATE) or their death recorded (dost:DEREGISTER). A
// change is an event only when the subscriber's agreement lets it read the field changed (the
// CASE maps registry fields onto the agreement's, interop.Fields): a change of phone, IBAN or
// address must not reach a client that may read none of them, since the notification alone
// tells that it happened.
const eventsSQL = `
SELECT s.id, s.client_id, s.code, s.reference_id, p.fin, s.event_type, 'p' || CAST(p.id AS TEXT), t.transaction_id
FROM persons p JOIN dci_subscriptions s ON s.fin = p.fin AND s.event_type = 'REGISTER' AND s.status = 'subscribe'
JOIN dci_transactions t ON t.id = s.txn_id
WHERE p.id > $1 AND p.id <= $2
UNION ALL
SELECT s.id, s.client_id, s.code, s.reference_id, jp.fin, s.event_type, 'c' || CAST(c.id AS TEXT), t.transaction_id
FROM person_changes c JOIN persons jp ON jp.id = c.person_id
JOIN household_members m ON m.person_id = c.person_id
JOIN household_members o ON o.household_id = m.household_id AND o.person_id <> c.person_id
JOIN persons op ON op.id = o.person_id
JOIN dci_subscriptions s ON s.fin = op.fin AND s.event_type = 'NewHouseHoldMember' AND s.status = 'subscribe'
JOIN dci_transactions t ON t.id = s.txn_id
WHERE c.id > $3 AND c.id <= $4 AND c.field = 'household' AND c.new_value <> ''
UNION ALL
SELECT s.id, s.client_id, s.code, s.reference_id, p.fin, s.event_type, 'c' || CAST(c.id AS TEXT), t.transaction_id
FROM person_changes c JOIN persons p ON p.id = c.person_id
JOIN dci_subscriptions s ON s.fin = p.fin AND s.status = 'subscribe'
  AND ((s.event_type = 'dost:UPDATE' AND c.field <> 'household') OR (s.event_type = 'dost:DEREGISTER' AND c.field = 'death_date' AND c.new_value <> ''))
JOIN api_clients a ON a.id = s.client_id
JOIN dci_transactions t ON t.id = s.txn_id
WHERE c.id > $3 AND c.id <= $4
  AND (',' || a.fields || ',') LIKE ('%,' || CASE c.field
    WHEN 'last_name' THEN 'name' WHEN 'first_name' THEN 'name' WHEN 'patronymic' THEN 'name'
    WHEN 'sex' THEN 'sex' WHEN 'birth_date' THEN 'birth_date' WHEN 'death_date' THEN 'death_date'
    WHEN 'reg_place_id' THEN 'address' WHEN 'reg_address' THEN 'address'
    WHEN 'disability_group' THEN 'disability' WHEN 'disability_percent' THEN 'disability' WHEN 'disability_until' THEN 'disability'
  END || ',%')`

// Sweep records a notify transaction for each event since the watermarks and moves them, in
// one transaction with the jobs that deliver them. Each notification's message_id is made of
// the subscription and the change, so a sweep run twice over the same changes notifies once.
func (s *Store) Sweep(ctx context.Context, now time.Time, enqueue func(context.Context, *sql.Tx, int64) error) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var lastPerson, lastChange, topPerson, topChange int64
		if err := tx.QueryRowContext(ctx, `SELECT last_person_id, last_change_id,
			(SELECT COALESCE(MAX(id), 0) FROM persons), (SELECT COALESCE(MAX(id), 0) FROM person_changes)
			FROM dci_notify_state WHERE id = 1`).Scan(&lastPerson, &lastChange, &topPerson, &topChange); err != nil {
			return fmt.Errorf("notify watermarks: %w", err)
		}
		rows, err := tx.QueryContext(ctx, eventsSQL, lastPerson, topPerson, lastChange, topChange)
		if err != nil {
			return fmt.Errorf("notify events: %w", err)
		}
		events, err := db.CollectRows(rows, scanEvent)
		if err != nil {
			return fmt.Errorf("notify events: %w", err)
		}
		for _, e := range events {
			id, err := insertNotify(ctx, tx, e, now)
			if err != nil {
				return err
			}
			if id != 0 {
				n++
				if err := enqueue(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE dci_notify_state SET last_person_id = $1, last_change_id = $2 WHERE id = 1`, topPerson, topChange)
		return err
	})
	return n, err
}

func scanEvent(row db.Scanner) (e event, err error) {
	err = row.Scan(&e.subID, &e.clientID, &e.code, &e.ref, &e.fin, &e.eventType, &e.key, &e.subscriptionTxn)
	return
}

// insertNotify records one notification as a pending transaction; 0 when it exists already.
func insertNotify(ctx context.Context, tx *sql.Tx, e event, now time.Time) (int64, error) {
	req, _ := json.Marshal(map[string]string{"code": e.code, "reference_id": e.ref, "fin": e.fin, "event": e.eventType})
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO dci_transactions (client_id, message_id, transaction_id, correlation_id, action, status,
		request, reference_ids, created_at, updated_at) VALUES ($1, $2, $3, $4, 'notify', 'pdng', $5, $6, $7, $7)
		ON CONFLICT (client_id, message_id) DO NOTHING RETURNING id`,
		e.clientID, "notify-"+strconv.FormatInt(e.subID, 10)+"-"+e.key, e.subscriptionTxn, uuid.Must(uuid.NewV7()).String(), string(req), e.ref, now).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}
