package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
)

// TestDCIClientCommand: dci add --help says the secret is printed once; add registers an
// agreement and prints its secret; a bad field is refused in words; list shows the client.
func TestDCIClientCommand(t *testing.T) {
	var out bytes.Buffer
	run(context.Background(), []string{"dci", "add", "--help"}, &out)
	if !strings.Contains(out.String(), "secret once") || !strings.Contains(out.String(), "-legal-basis") {
		t.Fatalf("dci add --help: %s", out.String())
	}
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
	t.Setenv("DOST_DEMO", "1")
	out.Reset()
	if err := run(ctx, []string{"demo", "--db", url, "--persons", "20"}, &out); err != nil {
		t.Fatal(err)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	args := []string{"dci", "add", "--db", url, "--client-id", "tax.gov.az", "--institution", "State Tax Service",
		"--legal-basis", "Agreement 12", "--callback", "https://tax.example.az/dci", "--key", "k1=" + base64.StdEncoding.EncodeToString(pub)}
	if err := run(ctx, append(args, "--fields", "uin,salary"), &out); err == nil {
		t.Errorf("an unknown field was accepted")
	}
	out.Reset()
	if err := run(ctx, append(args, "--fields", "uin,name"), &out); err != nil || !strings.Contains(out.String(), "client secret, shown once: ") {
		t.Fatalf("dci add: %v %s", err, out.String())
	}
	out.Reset()
	run(ctx, []string{"dci", "list", "--db", url}, &out)
	if !strings.Contains(out.String(), "tax.gov.az\tState Tax Service\tuin,name") {
		t.Errorf("dci list: %s", out.String())
	}
	out.Reset()
	run(ctx, []string{"dci", "revoke", "--help"}, &out)
	if !strings.Contains(out.String(), "-client-id") {
		t.Errorf("dci revoke --help: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"dci", "revoke", "--db", url, "--client-id", "tax.gov.az"}, &out); err != nil || !strings.Contains(out.String(), "revoked tax.gov.az") {
		t.Fatalf("dci revoke: %v %s", err, out.String())
	}
	out.Reset()
	run(ctx, []string{"dci", "list", "--db", url}, &out)
	if !strings.Contains(out.String(), "\trevoked ") {
		t.Errorf("dci list after revoke: %s", out.String())
	}
}
