package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"
)

// DemoKey is the audit key of demo and training installations. It is published here, so a
// chain keyed with it proves nothing: production sets DOST_AUDIT_KEY or DOST_AUDIT_KEY_FILE.
var DemoKey = []byte("dost-DEMO-audit-key-published-in-the-source-NOT-SECRET")

// minKeyLen is the shortest audit key accepted: 32 bytes, the HMAC-SHA256 block strength.
const minKeyLen = 32

// Keyring holds the key new rows are written with and the older keys verify still needs
// after a rotation. A key is never stored in the database; rows name it by its id.
type Keyring struct {
	Current []byte
	Old     [][]byte
}

// KeyID names a key without revealing it: the first 16 hex digits of a SHA-256 of the key
// under a fixed label. Rows record it, so that verify picks the right key after a rotation.
func KeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("dost audit key id\x00"), key...))
	return hex.EncodeToString(sum[:8])
}

// byID returns the key with the given id, or nil when the keyring does not hold it.
func (k Keyring) byID(id string) []byte {
	for _, key := range append([][]byte{k.Current}, k.Old...) {
		if key != nil && KeyID(key) == id {
			return key
		}
	}
	return nil
}

// ParseKeys reads audit keys from the text of DOST_AUDIT_KEY or a key file: keys separated
// by white space or new lines, the first the current one, the others older keys kept for
// verifying rows written before a rotation. Each must be at least 32 bytes.
func ParseKeys(text string) (Keyring, error) {
	var k Keyring
	for i, f := range strings.Fields(text) {
		if len(f) < minKeyLen {
			return Keyring{}, fmt.Errorf("audit key %d is %d characters long; at least %d are needed (e.g. openssl rand -hex 32)", i+1, len(f), minKeyLen)
		}
		if i == 0 {
			k.Current = []byte(f)
		} else {
			k.Old = append(k.Old, []byte(f))
		}
	}
	return k, nil
}

// KeysFromEnv reads the audit keys from DOST_AUDIT_KEY, or from the file DOST_AUDIT_KEY_FILE
// names; a zero Keyring when neither is set.
func KeysFromEnv() (Keyring, error) {
	text := os.Getenv("DOST_AUDIT_KEY")
	if path := os.Getenv("DOST_AUDIT_KEY_FILE"); path != "" {
		if text != "" {
			return Keyring{}, fmt.Errorf("set DOST_AUDIT_KEY or DOST_AUDIT_KEY_FILE, not both")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return Keyring{}, fmt.Errorf("DOST_AUDIT_KEY_FILE: %w", err)
		}
		text = string(b)
	}
	return ParseKeys(text)
}

// hashFields joins a row's fields with a separator that cannot occur in them unescaped.
func hashFields(fields []string) []byte { return []byte(strings.Join(fields, "\x1f")) }

// computeHash is the row's hash. A keyed row (KeyID set) is HMAC-SHA256 under that key over
// the previous hash and every field, the actor's kind, address and request id included:
// without the key nobody can recompute the chain after editing it. A row written before
// keying began (KeyID empty) keeps the plain SHA-256 over the fields it had then.
func (e Entry) computeHash(keys Keyring) (string, error) {
	base := []string{
		e.PrevHash, fmt.Sprint(e.ID), e.At.UTC().Format(time.RFC3339Nano),
		fmt.Sprint(e.ActorID), e.ActorLogin, fmt.Sprint(e.InstitutionID),
		e.Action, e.Purpose, e.Entity, e.EntityID, e.Detail,
	}
	if e.KeyID == "" {
		sum := sha256.Sum256(hashFields(base))
		return hex.EncodeToString(sum[:]), nil
	}
	key := keys.byID(e.KeyID)
	if key == nil {
		return "", fmt.Errorf("audit key %s is not among the keys given", e.KeyID)
	}
	m := hmac.New(sha256.New, key)
	m.Write(hashFields(append(base, "v2", e.ActorKind, e.ClientIP, e.RequestID, e.KeyID)))
	return hex.EncodeToString(m.Sum(nil)), nil
}
