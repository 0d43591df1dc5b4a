package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/notify/smsgateway"
)

// TestAttackHTTPSenderAgainstGateway sends through the real HTTP adapter to the simulated
// gateway over a real listener: a message goes out once (a retry with the same id is not a
// second SMS); a wrong token and a gateway that refuses are errors carrying the gateway's
// answer; and when the outbox logs the refusal, neither the text nor the full number is in
// the log. Before the adapter existed, production had no way to send an SMS at all.
func TestAttackHTTPSenderAgainstGateway(t *testing.T) {
	gw := smsgateway.New("s3cret")
	srv := httptest.NewServer(gw)
	defer srv.Close()
	ctx := context.Background()
	s := notify.HTTPSender{URL: srv.URL, Token: "s3cret"}
	m := notify.Message{UUID: "0192-a", Channel: notify.SMS, Address: "+994501234567", Lang: "az", Body: "Aktivləşdirmə kodu: 483920"}
	for range 2 {
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if in := gw.Inbox(); len(in) != 1 || in[0].To != m.Address || in[0].Text != m.Body {
		t.Fatalf("gateway inbox: %+v", in)
	}
	if err := (notify.HTTPSender{URL: srv.URL, Token: "guess"}).Send(ctx, m); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong token: %v", err)
	}
	gw.Refuse("operator down")
	if err := s.Send(ctx, m); err == nil || !strings.Contains(err.Error(), "operator down") {
		t.Fatalf("a refusing gateway: %v", err)
	}

	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var logs bytes.Buffer
		clk := &clock.Fixed{T: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
		enqueue(t, d, clk.T, notify.Message{DedupKey: "code", Channel: notify.SMS, Address: m.Address, Lang: "az", Body: m.Body})
		o := notify.New(d, s, clk, slog.New(slog.NewJSONHandler(&logs, nil)))
		if n, _ := o.DispatchDue(ctx); n != 0 {
			t.Fatalf("%d sent through a refusing gateway", n)
		}
		if !strings.Contains(logs.String(), "operator down") {
			t.Fatalf("the refusal was not logged: %s", logs.String())
		}
		if strings.Contains(logs.String(), "483920") || strings.Contains(logs.String(), "501234567") {
			t.Fatalf("the log carries the text or the number: %s", logs.String())
		}
	})
}

// TestGatewayInProcess: the demo's in-process client reaches the simulator without a listener.
func TestGatewayInProcess(t *testing.T) {
	gw := smsgateway.New("demo")
	s := notify.HTTPSender{URL: "http://sms.demo/messages", Token: "demo", Client: gw.Client()}
	if err := s.Send(context.Background(), notify.Message{UUID: "1", Channel: notify.Email, Address: "a@example.az", Body: "hello"}); err != nil {
		t.Fatal(err)
	}
	if len(gw.Inbox()) != 1 {
		t.Fatal("the in-process gateway received nothing")
	}
}
