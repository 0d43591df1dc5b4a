package interop

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/identity"
)

// Version is the DCI messaging version dost speaks.
const Version = "1.0.0"

// ReceiverID is how dost names itself in the headers it writes.
const ReceiverID = "dost"

// MaxClockSkew is how far a message's message_ts may be from dost's clock. Together with the
// refusal of a message_id used before, it stops a recorded message from being replayed.
const MaxClockSkew = 5 * time.Minute

// Refusal is a message refused at the envelope: an HTTP status and a DCI error code
// (err.request.bad, err.signature.invalid, …), answered in the DCI error format.
type Refusal struct {
	Status  int
	Code    string
	Message string
}

func (r *Refusal) Error() string { return r.Code + ": " + r.Message }

func refuse(status int, code, format string, args ...any) *Refusal {
	return &Refusal{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Bad is a request that is not a well-formed DCI message.
func Bad(format string, args ...any) *Refusal {
	return refuse(http.StatusBadRequest, "err.request.bad", format, args...)
}

// Header is the DCI message header (MsgHeader_V1.0.0) as dost reads it.
type Header struct {
	Version        string `json:"version"`
	MessageID      string `json:"message_id"`
	MessageTS      string `json:"message_ts"`
	Action         string `json:"action"`
	SenderID       string `json:"sender_id"`
	SenderURI      string `json:"sender_uri"`
	ReceiverID     string `json:"receiver_id"`
	TotalCount     *int   `json:"total_count"`
	IsMsgEncrypted bool   `json:"is_msg_encrypted"`
}

// Envelope is a DCI message whose signature has been checked: its header, and its message
// exactly as sent.
type Envelope struct {
	Header  Header
	Message json.RawMessage
}

// raw is the envelope as sent: header and message are kept as their exact bytes, which are
// what the signature covers.
type raw struct {
	Signature *string         `json:"signature"`
	Header    json.RawMessage `json:"header"`
	Message   json.RawMessage `json:"message"`
}

// signatureParam reads one name="value" parameter of the DCI signature string.
var signatureParam = regexp.MustCompile(`([a-zA-Z]+)="([^"]*)"`)

// Open checks a message sent by client for action: its signature first (ed25519 over the
// header's bytes followed by the message's bytes, with the client's key named in kidId),
// then its header. Nothing of an unsigned or badly signed message is read.
func Open(c identity.Client, body []byte, action string, now time.Time) (Envelope, error) {
	var r raw
	if err := json.Unmarshal(body, &r); err != nil {
		return Envelope{}, Bad("the body is not a JSON object: %v", err)
	}
	if r.Signature == nil || strings.TrimSpace(*r.Signature) == "" {
		return Envelope{}, refuse(http.StatusUnauthorized, "err.signature.missing", "the message is not signed")
	}
	if len(r.Header) == 0 || len(r.Message) == 0 {
		return Envelope{}, Bad("header and message are required")
	}
	if err := verify(c, *r.Signature, r.Header, r.Message); err != nil {
		return Envelope{}, err
	}
	var h Header
	if err := json.Unmarshal(r.Header, &h); err != nil {
		return Envelope{}, Bad("header: %v", err)
	}
	return Envelope{Header: h, Message: r.Message}, checkHeader(c, h, action, now)
}

// verify checks the signature string's kidId ("{sender_id}|{kid}|ed25519") and signature.
func verify(c identity.Client, sig string, header, message []byte) error {
	params := map[string]string{}
	for _, m := range signatureParam.FindAllStringSubmatch(sig, -1) {
		params[m[1]] = m[2]
	}
	parts := strings.Split(params["kidId"], "|")
	if len(parts) != 3 || parts[0] != c.ClientID || !strings.EqualFold(parts[2], "ed25519") {
		return refuse(http.StatusUnauthorized, "err.signature.invalid", `kidId must be "%s|<kid>|ed25519"`, c.ClientID)
	}
	pub, ok := c.Key(parts[1])
	if !ok {
		return refuse(http.StatusUnauthorized, "err.signature.invalid", "no key %q is registered for this client", parts[1])
	}
	s, err := base64.StdEncoding.DecodeString(params["signature"])
	if err != nil || !ed25519.Verify(pub, signed(header, message), s) {
		return refuse(http.StatusUnauthorized, "err.signature.invalid", "the signature does not match header and message")
	}
	return nil
}

// signed is what a signature covers: the header's bytes, then the message's, as sent.
func signed(header, message []byte) []byte {
	return append(append(make([]byte, 0, len(header)+len(message)), header...), message...)
}

// Sign returns the DCI signature string of header and message (their exact bytes) under the
// key kid of sender. Clients sign so; dost signs its callbacks so.
func Sign(key ed25519.PrivateKey, sender, kid string, header, message []byte, now time.Time) string {
	s := base64.StdEncoding.EncodeToString(ed25519.Sign(key, signed(header, message)))
	return fmt.Sprintf(`Signature: namespace="dci", kidId="%s|%s|ed25519", algorithm="ed25519", created="%d", expires="%d", headers="(created) (expires) digest", signature="%s"`,
		sender, kid, now.Unix(), now.Add(MaxClockSkew).Unix(), s)
}

func checkHeader(c identity.Client, h Header, action string, now time.Time) error {
	switch {
	case h.SenderID != c.ClientID:
		return refuse(http.StatusUnauthorized, "err.sender_id.invalid", "sender_id is not the authenticated client")
	case h.IsMsgEncrypted:
		return refuse(http.StatusBadRequest, "err.encryption.invalid", "encrypted messages are not supported")
	case h.Version != "" && h.Version != Version:
		return refuse(http.StatusBadRequest, "err.version.not_supported", "version %s is not supported", Version)
	case h.MessageID == "" || len(h.MessageID) > 99:
		return Bad("header.message_id is required (at most 99 characters)")
	case h.Action != action:
		return Bad("header.action must be %q", action)
	case h.TotalCount == nil || *h.TotalCount < 0:
		return Bad("header.total_count is required")
	case h.ReceiverID != "" && h.ReceiverID != ReceiverID:
		return refuse(http.StatusBadRequest, "err.receiver_id.invalid", "receiver_id must be %q", ReceiverID)
	}
	ts, err := Timestamp(h.MessageTS)
	if err != nil {
		return Bad("header.message_ts: %v", err)
	}
	if d := now.Sub(ts); d > MaxClockSkew || d < -MaxClockSkew {
		return Bad("header.message_ts is more than %v from the registry's clock", MaxClockSkew)
	}
	return nil
}

// Timestamp reads a DCI timestamp: ISO 8601 with a time zone.
func Timestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("%q is not an ISO 8601 time with a time zone", s)
	}
	return t, nil
}

// CallbackHeader is the header dost writes on an answer (MsgCallbackHeader_V1.0.0).
type CallbackHeader struct {
	Version        string `json:"version"`
	MessageID      string `json:"message_id"`
	MessageTS      string `json:"message_ts"`
	Action         string `json:"action"`
	Status         string `json:"status"`
	StatusReason   string `json:"status_reason_code,omitempty"`
	StatusMessage  string `json:"status_reason_message,omitempty"`
	TotalCount     int    `json:"total_count"`
	CompletedCount int    `json:"completed_count"`
	SenderID       string `json:"sender_id"`
	ReceiverID     string `json:"receiver_id"`
	IsMsgEncrypted bool   `json:"is_msg_encrypted"`
}

// Reply is the header of dost's answer with action to client's message.
func Reply(c identity.Client, action, status string, total, completed int, now time.Time) CallbackHeader {
	return CallbackHeader{Version: Version, MessageID: uuid.Must(uuid.NewV7()).String(), MessageTS: Stamp(now),
		Action: action, Status: status, TotalCount: total, CompletedCount: completed, SenderID: ReceiverID, ReceiverID: c.ClientID}
}

// Stamp writes t as a DCI timestamp.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
