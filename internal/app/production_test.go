package app_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/platform/notify/smsgateway"
)

// production is a configuration a real installation may start with: a paying account, an SMS
// gateway (the simulator, over an in-process client), an audit key, and a checkpoint key with
// a directory of the test's own.
func production(t *testing.T, url string) app.Config {
	gw := smsgateway.New("token")
	cfg := app.Config{DB: url, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Payer:    payments.Payer{Name: "Treasury", IBAN: app.DemoPayer.IBAN, BIC: app.DemoPayer.BIC},
		Sender:   notify.HTTPSender{URL: "http://gateway.test/messages", Token: "token", Client: gw.Client()},
		AuditKey: bytes.Repeat([]byte{7}, app.MinAuditKey)}
	cfg.Checkpoint.Key, cfg.Checkpoint.Dir = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize)), t.TempDir()
	return cfg
}

// seededProduction fills a database with the demo country and then marks it production, as a
// real installation holding persons is: for tests of what production does with people in it.
func seededProduction(t *testing.T, url string, persons int) {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: url, Demo: true, Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.SeedDemo(ctx, persons, 0, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Exec(`UPDATE installation SET mode = 'production'`); err != nil {
		t.Fatal(err)
	}
}
