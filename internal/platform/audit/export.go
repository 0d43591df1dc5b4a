package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Dir exports checkpoints to a directory, one file per checkpoint named by its number
// (checkpoint-0000000042.json), created and never rewritten: the directory only grows. Put it
// on storage the database's administrators cannot write (another host, a WORM bucket's
// mount, a log shipper's spool).
type Dir string

func checkpointFile(id int64) string { return fmt.Sprintf("checkpoint-%010d.json", id) }

// Export writes c to its own new file. A file of that number with the same content is
// accepted (an export retried); one with other content is an error, never overwritten.
func (d Dir) Export(_ context.Context, c Checkpoint) error {
	if err := os.MkdirAll(string(d), 0o750); err != nil {
		return err
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(string(d), checkpointFile(c.ID))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o440)
	if errors.Is(err, fs.ErrExist) {
		if old, rerr := os.ReadFile(path); rerr == nil && bytes.Equal(old, b) {
			return nil
		}
		return fmt.Errorf("%s exists with other content: refusing to overwrite it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Latest reads the newest checkpoint in the directory signed by one of pub; files
// that do not verify are skipped, since anyone who could write one could not sign it. It
// returns nil when the directory holds none.
func (d Dir) Latest(pub PublicKeys) (*Checkpoint, error) {
	names, err := filepath.Glob(filepath.Join(string(d), "checkpoint-*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	for i := len(names) - 1; i >= 0; i-- {
		b, err := os.ReadFile(names[i])
		if err != nil {
			return nil, err
		}
		var c Checkpoint
		if json.Unmarshal(b, &c) == nil && pub.Signed(c) {
			return &c, nil
		}
	}
	return nil, nil
}

// ParsePrivateKey reads an ed25519 checkpoint key: PEM (openssl genpkey -algorithm ed25519),
// or the base64 of its 32-byte seed or 64-byte private key.
func ParsePrivateKey(text string) (ed25519.PrivateKey, error) {
	if block, _ := pem.Decode([]byte(text)); block != nil {
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("checkpoint key: %w", err)
		}
		if ed, ok := k.(ed25519.PrivateKey); ok {
			return ed, nil
		}
		return nil, fmt.Errorf("checkpoint key: not an ed25519 key")
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	switch {
	case err != nil:
		return nil, fmt.Errorf("checkpoint key: neither PEM nor base64: %w", err)
	case len(b) == ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case len(b) == ed25519.PrivateKeySize:
		return ed25519.PrivateKey(b), nil
	}
	return nil, fmt.Errorf("checkpoint key: %d bytes; want a 32-byte seed or a 64-byte key", len(b))
}

// ParsePublicKey reads an ed25519 public key: PEM (openssl pkey -pubout) or base64 of its
// 32 bytes.
func ParsePublicKey(text string) (ed25519.PublicKey, error) {
	if block, _ := pem.Decode([]byte(text)); block != nil {
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("checkpoint public key: %w", err)
		}
		if ed, ok := k.(ed25519.PublicKey); ok {
			return ed, nil
		}
		return nil, fmt.Errorf("checkpoint public key: not an ed25519 key")
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("checkpoint public key: want PEM or the base64 of 32 bytes")
	}
	return ed25519.PublicKey(b), nil
}

// CheckpointKeyFromEnv reads the checkpoint signing key from DOST_CHECKPOINT_KEY or the file
// DOST_CHECKPOINT_KEY_FILE names; nil when neither is set.
func CheckpointKeyFromEnv() (ed25519.PrivateKey, error) {
	text := os.Getenv("DOST_CHECKPOINT_KEY")
	if path := os.Getenv("DOST_CHECKPOINT_KEY_FILE"); path != "" {
		if text != "" {
			return nil, fmt.Errorf("set DOST_CHECKPOINT_KEY or DOST_CHECKPOINT_KEY_FILE, not both")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("DOST_CHECKPOINT_KEY_FILE: %w", err)
		}
		text = string(b)
	}
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	return ParsePrivateKey(text)
}
