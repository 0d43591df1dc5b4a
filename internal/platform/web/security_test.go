package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/request"
)

// TestAttackForgedForwardedProto: HSTS and Secure cookies follow X-Forwarded-Proto only when
// a trusted proxy sends it; a client that sends it itself gets neither.
func TestAttackForgedForwardedProto(t *testing.T) {
	proxies, _ := request.ParseProxies("10.0.0.1")
	h := Observe(slog.New(slog.NewTextHandler(io.Discard, nil)), proxies, SecureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "dost_session", Value: "x", HttpOnly: true})
		w.Write([]byte("page"))
	})))
	for _, c := range []struct {
		peer, proto string
		tls         bool
	}{
		{"10.0.0.1:5000", "https", true},
		{"10.0.0.1:5000", "http", false},
		{"10.0.0.1:5000", "", false},
		{"203.0.113.9:5000", "https", false}, // anyone can send the header
	} {
		req := httptest.NewRequest("GET", "/persons", nil)
		req.RemoteAddr = c.peer
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		hsts := rec.Header().Get("Strict-Transport-Security") != ""
		secure := strings.Contains(rec.Header().Get("Set-Cookie"), "; Secure")
		if hsts != c.tls || secure != c.tls {
			t.Errorf("peer %s proto %q: HSTS %v, Secure cookie %v, want %v", c.peer, c.proto, hsts, secure, c.tls)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
	}
}

// TestAttackBurst: a burst from one address is cut at the bucket's size with 429 and
// Retry-After, another address is unaffected, and the bucket refills with time.
func TestAttackBurst(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(2*time.Second, 5).WithClock(func() time.Time { return now })
	h := Observe(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})))
	send := func(peer string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/kiosk/DOST-1/tickets", nil)
		req.RemoteAddr = peer
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	created := 0
	for range 380 {
		if send("198.51.100.7:1").Code == http.StatusCreated {
			created++
		}
	}
	if created != 5 {
		t.Fatalf("%d of a 380-request burst got through, want 5", created)
	}
	rec := send("198.51.100.7:1")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" {
		t.Fatalf("over the limit: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if send("203.0.113.1:1").Code != http.StatusCreated {
		t.Fatal("another address was limited too")
	}
	now = now.Add(2 * time.Second)
	if send("198.51.100.7:1").Code != http.StatusCreated {
		t.Fatal("the bucket did not refill")
	}
}

// TestLimiterForgetsIdleAddresses: memory stays bounded however many addresses come.
func TestLimiterForgetsIdleAddresses(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(time.Second, 3).WithClock(func() time.Time { return now })
	l.maxKeys = 100
	for i := range 1000 {
		l.Allow(strings.Repeat("x", i%7) + time.Duration(i).String())
	}
	if n := l.Len(); n > 100 {
		t.Fatalf("%d addresses remembered, at most 100", n)
	}
	now = now.Add(time.Minute)
	l.Allow("late")
	if n := l.Len(); n > 100 {
		t.Fatalf("%d addresses remembered after they refilled", n)
	}
}
