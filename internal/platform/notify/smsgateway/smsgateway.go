// Package smsgateway simulates the SMS and e-mail gateway that notify.HTTPSender talks to:
// the same JSON POST, bearer token and idempotency key, and an inbox of what it received.
// Tests use it to prove the sender against a gateway; the demo sends its messages to one in
// the process, so that a demo user reads an activation code "sent to a phone" on the demo
// messages page instead of in the log. It never reaches a real phone.
package smsgateway

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dost-platform/dost/internal/platform/notify"
)

// keep is how many messages the inbox holds; older ones are dropped, so a long demo does not
// grow without bound.
const keep = 500

// Delivered is one message the gateway accepted.
type Delivered struct {
	notify.GatewayMessage
	At time.Time
}

// Gateway is the simulated gateway, an http.Handler.
type Gateway struct {
	token  string
	mu     sync.Mutex
	inbox  []Delivered
	seen   map[string]bool
	refuse string
}

// New returns a gateway that accepts requests bearing token.
func New(token string) *Gateway { return &Gateway{token: token, seen: map[string]bool{}} }

// Refuse makes the gateway answer every message with 503 and reason, as a real one does
// when its operator is down; "" accepts again.
func (g *Gateway) Refuse(reason string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refuse = reason
}

// ServeHTTP receives one message.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST a message", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+g.token {
		http.Error(w, "unknown client: wrong or missing token", http.StatusUnauthorized)
		return
	}
	var m notify.GatewayMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&m); err != nil {
		http.Error(w, "not a JSON message", http.StatusBadRequest)
		return
	}
	if m.ID == "" || strings.TrimSpace(m.To) == "" || m.Text == "" || (m.Channel != notify.SMS && m.Channel != notify.Email) {
		http.Error(w, "a message needs id, channel (sms or email), to and text", http.StatusUnprocessableEntity)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refuse != "" {
		http.Error(w, g.refuse, http.StatusServiceUnavailable)
		return
	}
	if !g.seen[m.ID] { // a retry of a message already accepted is accepted once
		g.seen[m.ID] = true
		g.inbox = append(g.inbox, Delivered{GatewayMessage: m, At: time.Now()})
		if len(g.inbox) > keep {
			delete(g.seen, g.inbox[0].ID)
			g.inbox = slices.Delete(g.inbox, 0, 1)
		}
	}
	w.WriteHeader(http.StatusAccepted)
	w.Write([]byte(`{"status":"accepted"}`))
}

// Inbox lists what the gateway received, newest first.
func (g *Gateway) Inbox() []Delivered {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := slices.Clone(g.inbox)
	slices.Reverse(out)
	return out
}

// Client is an HTTP client whose requests reach the gateway inside the process, without a
// listener: what the demo's sender uses.
func (g *Gateway) Client() *http.Client { return &http.Client{Transport: inProcess{g}} }

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		defer r.Body.Close()
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
