package identity

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// ScopeDCI is the scope of a machine client that exchanges DCI messages with the registry.
const ScopeDCI = "dci"

// ClientTokenPrefix starts every machine client's bearer token, so that the staff token
// check leaves it to the machine routes that know it.
const ClientTokenPrefix = "dcc_"

// ClientTokenTTL is how long a bearer token bought with the client credentials lives: short,
// so that a leaked token is worth little and an agreement ended stops the client within it.
const ClientTokenTTL = 5 * time.Minute

// MaxClientDays is the longest an agreement may run before it is renewed.
const MaxClientDays = 3 * 366

// ErrInvalidClient means client credentials that are unknown, wrong, revoked or expired. The
// token endpoint answers all of them alike (OAuth 2.0 "invalid_client").
var ErrInvalidClient = errors.New("invalid client credentials")

// Client is a machine client of another institution and the agreement it acts under: who
// (institution), why (legal basis), what it may read (Fields), where answers go (CallbackURL),
// the keys its messages are signed with, and until when. Only the secret's hash is kept.
type Client struct {
	ID          int64
	ClientID    string
	SecretHash  string
	Scope       string
	Institution string
	LegalBasis  string
	Fields      []string
	CallbackURL string
	Keys        []ClientKey
	ExpiresAt   time.Time
	CreatedBy   string
	CreatedAt   time.Time
	RevokedAt   *time.Time
}

// ClientKey is one of a client's ed25519 public keys, named by the kid its signatures give.
type ClientKey struct {
	KID    string
	Public ed25519.PublicKey
}

// Key returns the client's public key named kid.
func (c Client) Key(kid string) (ed25519.PublicKey, bool) {
	i := slices.IndexFunc(c.Keys, func(k ClientKey) bool { return k.KID == kid })
	if i < 0 {
		return nil, false
	}
	return c.Keys[i].Public, true
}

// Live reports whether the agreement is in force at now.
func (c Client) Live(now time.Time) bool { return c.RevokedAt == nil && now.Before(c.ExpiresAt) }

// Allows reports whether the agreement lets the client read field.
func (c Client) Allows(field string) bool { return slices.Contains(c.Fields, field) }

// NewClient is what an administrator registers: Keys are "kid base64-public-key" lines.
type NewClient struct {
	ClientID    string
	Institution string
	LegalBasis  string
	Fields      []string
	CallbackURL string
	Keys        string
	Days        int
}

// ClientStore keeps machine clients, their keys and their live bearer tokens.
type ClientStore interface {
	CreateClient(ctx context.Context, c *Client, e audit.Entry) error
	ClientByClientID(ctx context.Context, clientID string) (Client, error)
	ClientByID(ctx context.Context, id int64) (Client, error)
	ClientByTokenHash(ctx context.Context, hash string, now time.Time) (Client, error)
	Clients(ctx context.Context) ([]Client, error)
	CreateClientToken(ctx context.Context, hash string, clientID int64, expires time.Time) error
	// RevokeClient sets revoked_at and deletes the client's tokens, with the audit entry.
	RevokeClient(ctx context.Context, id int64, now time.Time, e audit.Entry) error
	// RemoveClientKey deletes one of the client's keys, with the audit entry.
	RemoveClientKey(ctx context.Context, id int64, kid string, e audit.Entry) error
}

// Clients registers machine clients and turns their credentials into short-lived tokens.
type Clients struct {
	store  ClientStore
	clock  clock.Clock
	fields []string
	// LoopbackHTTP lets a callback URL be plain http to a loopback address: set in demo mode
	// (and so in the tests), where the partner's server runs beside dost.
	LoopbackHTTP bool
}

// NewClients returns the machine-client service; fields is the catalogue an agreement may
// allow (the interop domain's record fields).
func NewClients(s ClientStore, c clock.Clock, fields []string) *Clients {
	return &Clients{store: s, clock: c, fields: fields}
}

// Fields is the catalogue of fields an agreement may allow.
func (s *Clients) Fields() []string { return slices.Clone(s.fields) }

var clientIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{2,62}$`)

// Register records a new agreement and returns the client secret, which is shown once. p is
// the administrator (nil for the command line, which acts as the system).
func (s *Clients) Register(ctx context.Context, p *authz.Principal, n NewClient) (string, Client, error) {
	if p != nil && !p.Can(authz.UserManage) {
		return "", Client{}, fmt.Errorf("register client: %w", fail.ErrForbidden)
	}
	c, errs := s.validate(n)
	if err := errs.Err(); err != nil {
		return "", Client{}, err
	}
	if _, err := s.store.ClientByClientID(ctx, c.ClientID); err == nil {
		return "", Client{}, fail.Fields{{Name: "client_id", Key: "client.exists"}}
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	secret := hex.EncodeToString(raw)
	c.SecretHash, c.Scope, c.CreatedAt, c.CreatedBy = tokenHash(secret), ScopeDCI, s.clock.Now(), authz.Actor(ctx)
	detail := audit.Msg("dci_client_registered", "Client", c.ClientID, "Institution", c.Institution,
		"Fields", strings.Join(c.Fields, ","), "Keys", len(c.Keys), "Expires", c.ExpiresAt.Format(time.DateOnly))
	err := s.store.CreateClient(ctx, &c, audit.For(ctx, audit.Create, "dci agreement", "api_client", c.ClientID, detail))
	return secret, c, err
}

// Revoke ends client clientID's agreement now: its secret buys no token, its live tokens are
// deleted (not left to run out their five minutes), pending answers are not delivered (Live).
// It needs the permission registering does; p nil is the command line. Revoking a revoked
// agreement changes nothing.
func (s *Clients) Revoke(ctx context.Context, p *authz.Principal, clientID string) (Client, error) {
	if p != nil && !p.Can(authz.UserManage) {
		return Client{}, fmt.Errorf("revoke client: %w", fail.ErrForbidden)
	}
	c, err := s.store.ClientByClientID(ctx, strings.ToLower(strings.TrimSpace(clientID)))
	if err != nil || c.RevokedAt != nil {
		return c, err
	}
	now := s.clock.Now()
	e := audit.For(ctx, audit.Update, "dci agreement", "api_client", c.ClientID, audit.Msg("dci_client_revoked", "Client", c.ClientID))
	if err := s.store.RevokeClient(ctx, c.ID, now, e); err != nil {
		return c, err
	}
	c.RevokedAt = &now
	return c, nil
}

// RemoveKey removes one of the client's signing keys (a key leaked or retired): messages
// signed with it are refused from then on. The last key cannot be removed — revoke instead.
func (s *Clients) RemoveKey(ctx context.Context, p *authz.Principal, clientID, kid string) error {
	if p != nil && !p.Can(authz.UserManage) {
		return fmt.Errorf("remove client key: %w", fail.ErrForbidden)
	}
	c, err := s.store.ClientByClientID(ctx, strings.ToLower(strings.TrimSpace(clientID)))
	if err != nil {
		return err
	}
	if _, ok := c.Key(kid); !ok {
		return fmt.Errorf("key %q of %s: %w", kid, c.ClientID, fail.ErrNotFound)
	}
	if len(c.Keys) == 1 {
		return fail.Fields{{Name: "kid", Key: "client.last_key"}}
	}
	e := audit.For(ctx, audit.Update, "dci agreement", "api_client", c.ClientID, audit.Msg("dci_key_removed", "Client", c.ClientID, "Kid", kid))
	return s.store.RemoveClientKey(ctx, c.ID, kid, e)
}

func (s *Clients) validate(n NewClient) (Client, fail.Fields) {
	var errs fail.Fields
	c := Client{ClientID: strings.ToLower(strings.TrimSpace(n.ClientID)), Institution: strings.TrimSpace(n.Institution),
		LegalBasis: strings.TrimSpace(n.LegalBasis), CallbackURL: strings.TrimSpace(n.CallbackURL)}
	if !clientIDPattern.MatchString(c.ClientID) {
		errs.Add("client_id", "client.id_invalid", nil)
	}
	if c.Institution == "" || len(c.Institution) > 200 {
		errs.Add("institution", "invalid.required", nil)
	}
	if c.LegalBasis == "" || len(c.LegalBasis) > 500 {
		errs.Add("legal_basis", "invalid.required", nil)
	}
	for _, f := range n.Fields {
		if !slices.Contains(s.fields, f) {
			errs.Add("fields", "client.field_unknown", map[string]any{"Field": f})
		} else if !slices.Contains(c.Fields, f) {
			c.Fields = append(c.Fields, f)
		}
	}
	if len(n.Fields) == 0 {
		errs.Add("fields", "client.fields_required", nil)
	}
	if !s.callbackAllowed(c.CallbackURL) {
		errs.Add("callback_url", "client.callback_invalid", nil)
	}
	keys, ok := parseKeys(n.Keys)
	if !ok {
		errs.Add("keys", "client.keys_invalid", nil)
	}
	c.Keys = keys
	if n.Days < 1 || n.Days > MaxClientDays {
		errs.Add("days", "client.days_range", map[string]any{"Count": MaxClientDays})
	}
	c.ExpiresAt = s.clock.Now().Add(time.Duration(n.Days) * 24 * time.Hour)
	return c, errs
}

// callbackAllowed reports whether answers carrying personal data may be posted to raw: https
// only (http to a loopback address in demo mode), and never to an address inside dost's own
// network — private, link-local (cloud metadata), loopback, unspecified — which would let a
// partner's agreement reach internal services. A host name is checked as written, not
// resolved: a name that later resolves inward is a gap (docs/DCI.md).
func (s *Clients) callbackAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	ip, ipErr := netip.ParseAddr(host)
	loopback := host == "localhost" || strings.HasSuffix(host, ".localhost") || (ipErr == nil && ip.IsLoopback())
	if loopback {
		return s.LoopbackHTTP
	}
	if u.Scheme != "https" {
		return false
	}
	return ipErr != nil || !(ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() ||
		ip.IsMulticast() || ip.IsInterfaceLocalMulticast())
}

// parseKeys reads "kid base64-key" lines: at least one, kids unique, each key 32 bytes.
func parseKeys(text string) ([]ClientKey, bool) {
	var keys []ClientKey
	for line := range strings.Lines(text) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 || len(f[0]) > 99 || strings.ContainsAny(f[0], `"|`) {
			return nil, false
		}
		pub, err := base64.StdEncoding.DecodeString(f[1])
		if err != nil || len(pub) != ed25519.PublicKeySize || slices.ContainsFunc(keys, func(k ClientKey) bool { return k.KID == f[0] }) {
			return nil, false
		}
		keys = append(keys, ClientKey{KID: f[0], Public: pub})
	}
	return keys, len(keys) > 0
}

// IssueToken exchanges client credentials (OAuth 2.0 client_credentials) for a bearer token
// living ClientTokenTTL. Unknown, wrong, revoked and expired credentials are all
// ErrInvalidClient.
func (s *Clients) IssueToken(ctx context.Context, clientID, secret string) (string, error) {
	c, err := s.store.ClientByClientID(ctx, strings.ToLower(clientID))
	if errors.Is(err, fail.ErrNotFound) {
		return "", ErrInvalidClient
	}
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	now := s.clock.Now()
	if subtle.ConstantTimeCompare([]byte(c.SecretHash), []byte(tokenHash(secret))) != 1 || !c.Live(now) {
		return "", ErrInvalidClient
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	token := ClientTokenPrefix + hex.EncodeToString(raw)
	return token, s.store.CreateClientToken(ctx, tokenHash(token), c.ID, now.Add(ClientTokenTTL))
}

// ByToken returns the live client a bearer token was issued to. An unknown or expired token,
// or one whose agreement has ended since, is ErrInvalidClient.
func (s *Clients) ByToken(ctx context.Context, token string) (Client, error) {
	if !strings.HasPrefix(token, ClientTokenPrefix) {
		return Client{}, ErrInvalidClient
	}
	now := s.clock.Now()
	c, err := s.store.ClientByTokenHash(ctx, tokenHash(token), now)
	switch {
	case errors.Is(err, fail.ErrNotFound):
		return Client{}, ErrInvalidClient
	case err != nil:
		return Client{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	case !c.Live(now):
		return Client{}, ErrInvalidClient
	}
	return c, nil
}

// ByClientID returns a client, live or not.
func (s *Clients) ByClientID(ctx context.Context, clientID string) (Client, error) {
	return s.store.ClientByClientID(ctx, clientID)
}

// List returns every client, the agreements ending soonest first.
func (s *Clients) List(ctx context.Context) ([]Client, error) { return s.store.Clients(ctx) }

// ByID returns a client by its row id (a transaction's client), live or not.
func (s *Clients) ByID(ctx context.Context, id int64) (Client, error) {
	return s.store.ClientByID(ctx, id)
}
