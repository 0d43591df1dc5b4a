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

// OnSearchPath is where, under a client's callback URL, search answers are delivered.
const OnSearchPath = "/registry/on-search"

// Answer makes and delivers the answer of pending search transaction id: the job's work. A
// transaction already answered is left alone, so a repeated job sends nothing twice. A
// failed delivery is recorded (attempts, last error) and returned, for the job to retry;
// each attempt searches again, as the client's principal, so every disclosure is audited.
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
	m, err := ParseSearch(json.RawMessage(t.Request))
	if err != nil {
		return s.finish(ctx, t, StatusRejected, err.Error())
	}
	resp, err := s.Search(ctx, c, m, t.CorrelationID)
	if err != nil {
		return err
	}
	n := len(resp.SearchResponse)
	body, _ := json.Marshal(map[string]any{"header": Reply(c, "on-search", StatusSuccess, n, n, s.clock.Now()), "message": resp})
	t.Attempts++
	if err := s.Post(ctx, strings.TrimSuffix(c.CallbackURL, "/")+OnSearchPath, body); err != nil {
		t.LastError, t.UpdatedAt = err.Error(), s.clock.Now()
		s.store.UpdateTxn(ctx, t)
		return fmt.Errorf("deliver %s: %w", t.CorrelationID, err)
	}
	return s.finish(ctx, t, StatusSuccess, "")
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
