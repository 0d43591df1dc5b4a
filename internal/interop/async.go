package interop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
)

// Ack is the message of the acknowledgement an asynchronous request is answered with.
type Ack struct {
	AckStatus     string `json:"ack_status"`
	Timestamp     string `json:"timestamp"`
	CorrelationID string `json:"correlation_id"`
}

// AsyncSearch accepts a search message (registry/search): it is kept as a pending
// transaction and answered by a background job at the client's registered callback, never
// at an address the request names.
func (s *Service) AsyncSearch(ctx context.Context, c identity.Client, env Envelope) (Ack, error) {
	m, err := ParseSearch(env.Message)
	if err != nil {
		return Ack{}, err
	}
	t, err := s.begin(ctx, c, env, m.TransactionID, "search", string(env.Message), m.references())
	if err != nil {
		return Ack{}, err
	}
	if err := s.Deliver(ctx, t.ID); err != nil {
		s.finish(ctx, t, StatusRejected, "could not be queued")
		return Ack{}, fmt.Errorf("queue answer: %w", err)
	}
	return Ack{AckStatus: "ACK", Timestamp: Stamp(s.clock.Now()), CorrelationID: t.CorrelationID}, nil
}

// Paths, under a client's callback URL, where answers and notifications are delivered.
const (
	OnSearchPath    = "/registry/on-search"
	OnSubscribePath = "/registry/on-subscribe"
	NotifyPath      = "/registry/notify"
)

// Answer makes and delivers pending transaction id — a search's answer, a subscription's
// on-subscribe, a notification: the job's work. A transaction already delivered is left
// alone, so a repeated job sends nothing twice. A failed delivery is recorded (attempts,
// last error) and returned, for the job to retry; a search or notification is read again at
// each attempt, as the client's principal, so every disclosure is audited.
func (s *Service) Answer(ctx context.Context, id int64) error {
	t, err := s.store.TxnByID(ctx, id)
	if err != nil || t.Status != StatusPending {
		return err
	}
	c, err := s.clients.ByID(ctx, t.ClientID)
	if err != nil {
		return err
	}
	if !c.Live(s.clock.Now()) {
		return s.finish(ctx, t, StatusRejected, "the agreement has ended")
	}
	ctx = audit.ViaToken(authz.With(ctx, Machine(c)))
	path, body, err := s.outgoing(ctx, c, t)
	if err != nil {
		return err
	}
	if body == nil { // nothing to send any more (a notification of an ended subscription)
		return s.finish(ctx, t, StatusSuccess, "")
	}
	t.Attempts++
	if err := s.Post(ctx, strings.TrimSuffix(c.CallbackURL, "/")+path, body); err != nil {
		t.LastError, t.UpdatedAt = err.Error(), s.clock.Now()
		s.store.UpdateTxn(ctx, t)
		return fmt.Errorf("deliver %s: %w", t.CorrelationID, err)
	}
	return s.finish(ctx, t, StatusSuccess, "")
}

// outgoing builds what transaction t sends, and where under the callback URL.
func (s *Service) outgoing(ctx context.Context, c identity.Client, t Txn) (string, []byte, error) {
	now := s.clock.Now()
	switch t.Action {
	case "subscribe":
		body, err := json.Marshal(map[string]any{"header": Reply(c, "on-subscribe", StatusSuccess, len(t.ReferenceIDs), len(t.ReferenceIDs), now),
			"message": json.RawMessage(t.Request)})
		return OnSubscribePath, body, err
	case "notify":
		return s.notification(ctx, c, t)
	}
	m, err := ParseSearch(json.RawMessage(t.Request))
	if err != nil {
		return "", nil, s.finish(ctx, t, StatusRejected, err.Error())
	}
	resp, err := s.Search(ctx, c, m, t.CorrelationID)
	if err != nil {
		return "", nil, err
	}
	n := len(resp.SearchResponse)
	body, err := json.Marshal(map[string]any{"header": Reply(c, "on-search", StatusSuccess, n, n, now), "message": resp})
	return OnSearchPath, body, err
}

// notification builds a notify message: the person's record as the agreement allows, read
// now (so the subscriber gets the record as it is), under the event type. A notification
// queued before the client unsubscribed sends nothing: the subscription is looked up first.
func (s *Service) notification(ctx context.Context, c identity.Client, t Txn) (string, []byte, error) {
	var n notifyRequest
	if err := json.Unmarshal([]byte(t.Request), &n); err != nil {
		return "", nil, err
	}
	if live, err := s.store.Subscribed(ctx, c.ID, n.Code); err != nil || !live {
		return "", nil, err
	}
	p, err := s.registry.Person(ctx, n.FIN, "dci notify")
	if err != nil {
		return "", nil, err
	}
	rec, err := s.record(ctx, c, p)
	if err != nil {
		return "", nil, err
	}
	now := s.clock.Now()
	event := map[string]any{"reference_id": n.ReferenceID, "timestamp": Stamp(now), "data": map[string]any{
		"version": Version, "reg_type": RegType, "reg_event_type": n.Event, "reg_record_type": RecordType, "reg_records": rec}}
	body, err := json.Marshal(map[string]any{"header": Reply(c, "notify", StatusSuccess, 1, 1, now),
		"message": map[string]any{"transaction_id": t.TransactionID, "notify_event": []any{event}}})
	return NotifyPath, body, err
}

// callbackClient sends callbacks: a partner that does not answer within ten seconds is
// tried again later rather than held.
var callbackClient = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// HTTPPost posts a callback body as JSON and wants a 2xx answer. Redirects are not followed:
// a callback goes to the registered address only.
func HTTPPost(ctx context.Context, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := callbackClient.Do(req)
	if err != nil {
		return fmt.Errorf("callback: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("callback answered %s", resp.Status)
	}
	return nil
}
