package interop

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/identity"
)

// sealed writes a signed envelope of header and message, byte for byte as given.
func sealed(key ed25519.PrivateKey, sender, kid, header, message string) []byte {
	sig := Sign(key, sender, kid, []byte(header), []byte(message), time.Now())
	return []byte(fmt.Sprintf(`{"signature": %q, "header": %s, "message": %s}`, sig, header, message))
}

// TestOpenChecksTheExactBytes: a message signed over the bytes as sent opens; the same
// message with one byte changed — even whitespace, which leaves the JSON equal — does not.
func TestOpenChecksTheExactBytes(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	c := identity.Client{ClientID: "tax.gov.az", Keys: []identity.ClientKey{{KID: "k1", Public: pub}}}
	now := time.Now()
	header := fmt.Sprintf(`{"message_id": "1", "message_ts": %q, "action": "search", "sender_id": "tax.gov.az", "total_count": 1}`, now.UTC().Format(time.RFC3339))
	message := "{\"transaction_id\":\t\"t\"}"
	if _, err := Open(c, sealed(key, "tax.gov.az", "k1", header, message), "search", now); err != nil {
		t.Fatalf("a well-signed message: %v", err)
	}
	for name, b := range map[string][]byte{
		"another kid":    sealed(key, "tax.gov.az", "k2", header, message),
		"another key":    sealed(ed25519.NewKeyFromSeed(make([]byte, 32)), "tax.gov.az", "k1", header, message),
		"another sender": sealed(key, "bank.az", "k1", header, message),
	} {
		if _, err := Open(c, b, "search", now); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	re := sealed(key, "tax.gov.az", "k1", header, message)
	re = []byte(string(re[:len(re)-len(message)-1]) + "{\"transaction_id\": \"t\"}}")
	if _, err := Open(c, re, "search", now); err == nil {
		t.Errorf("a message re-spaced after signing opened")
	}
}
