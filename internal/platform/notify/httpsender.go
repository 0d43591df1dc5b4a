package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// HTTPSender hands messages to an SMS and e-mail gateway over HTTP: a JSON POST to URL with
// the token as a bearer credential and the message's UUID as the idempotency key, so a
// message retried after a lost answer is delivered once. The gateway's answer other than 2xx
// is an error that carries the gateway's own words (trimmed), never the text or the address,
// since the outbox logs errors.
type HTTPSender struct {
	URL    string
	Token  string
	Client *http.Client // nil: a client that gives up after 15 seconds
}

// GatewayMessage is the JSON body the gateway receives.
type GatewayMessage struct {
	ID      string `json:"id"`
	Channel string `json:"channel"`
	To      string `json:"to"`
	Lang    string `json:"lang,omitempty"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text"`
}

var defaultClient = &http.Client{Timeout: 15 * time.Second}

// Send posts m to the gateway.
func (s HTTPSender) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(GatewayMessage{ID: m.UUID, Channel: m.Channel, To: m.Address, Lang: m.Lang, Subject: m.Subject, Text: m.Body})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.UUID)
	if s.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.Token)
	}
	c := s.Client
	if c == nil {
		c = defaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway unreachable: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway refused the message: %s %s", resp.Status, scrub(string(answer), m))
	}
	return nil
}

// scrub keeps a gateway's answer fit for the log: a gateway that echoes the number or the
// text has them masked.
func scrub(answer string, m Message) string {
	answer = strings.TrimSpace(answer)
	if m.Body != "" {
		answer = strings.ReplaceAll(answer, m.Body, "[text]")
	}
	if m.Address != "" {
		answer = strings.ReplaceAll(answer, m.Address, Mask(m.Address))
	}
	return answer
}
