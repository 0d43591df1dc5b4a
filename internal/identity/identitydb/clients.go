package identitydb

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
)

// Clients stores machine clients (DCI agreements), their public keys and their bearer tokens.
type Clients struct {
	db    *db.DB
	audit *audit.Log
}

// NewClients returns the machine-client store over d, appending its writes' audit entries to a.
func NewClients(d *db.DB, a *audit.Log) *Clients { return &Clients{db: d, audit: a} }

var _ identity.ClientStore = (*Clients)(nil)

// CreateClient inserts c with its keys and the audit entry, in one transaction.
func (s *Clients) CreateClient(ctx context.Context, c *identity.Client, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_clients (client_id, secret_hash, scope, institution, legal_basis, fields,
			callback_url, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.ClientID, c.SecretHash, c.Scope, c.Institution, c.LegalBasis, strings.Join(c.Fields, ","), c.CallbackURL,
			c.ExpiresAt, c.CreatedBy, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("create client %s: %w", c.ClientID, err)
		}
		for _, k := range c.Keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO api_client_keys (client_id, kid, public_key) VALUES ($1, $2, $3)`,
				c.ID, k.KID, base64.StdEncoding.EncodeToString(k.Public)); err != nil {
				return fmt.Errorf("client key %s: %w", k.KID, err)
			}
		}
		return s.audit.Append(ctx, tx, e)
	})
}

const clientColumns = `c.id, c.client_id, c.secret_hash, c.scope, c.institution, c.legal_basis, c.fields, c.callback_url,
	c.expires_at, c.created_by, c.created_at, c.revoked_at`

func scanClient(row db.Scanner) (identity.Client, error) {
	var c identity.Client
	var fields string
	var revoked sql.NullTime
	err := row.Scan(&c.ID, &c.ClientID, &c.SecretHash, &c.Scope, &c.Institution, &c.LegalBasis, &fields, &c.CallbackURL,
		&c.ExpiresAt, &c.CreatedBy, &c.CreatedAt, &revoked)
	if fields != "" {
		c.Fields = strings.Split(fields, ",")
	}
	if revoked.Valid {
		c.RevokedAt = &revoked.Time
	}
	return c, err
}

// withKeys loads c's public keys.
func (s *Clients) withKeys(ctx context.Context, c identity.Client, err error) (identity.Client, error) {
	if err != nil {
		return c, err
	}
	c.Keys, err = db.Collect(ctx, s.db, func(row db.Scanner) (k identity.ClientKey, err error) {
		var pub string
		if err = row.Scan(&k.KID, &pub); err == nil {
			k.Public, err = base64.StdEncoding.DecodeString(pub)
		}
		return
	}, `SELECT kid, public_key FROM api_client_keys WHERE client_id = $1 ORDER BY kid`, c.ID)
	return c, err
}

// ClientByClientID returns the client named clientID with its keys.
func (s *Clients) ClientByClientID(ctx context.Context, clientID string) (identity.Client, error) {
	c, err := db.One(ctx, s.db, "client", scanClient, `SELECT `+clientColumns+` FROM api_clients c WHERE c.client_id = $1`, clientID)
	return s.withKeys(ctx, c, err)
}

// ClientByID returns the client with row id, with its keys.
func (s *Clients) ClientByID(ctx context.Context, id int64) (identity.Client, error) {
	c, err := db.One(ctx, s.db, "client", scanClient, `SELECT `+clientColumns+` FROM api_clients c WHERE c.id = $1`, id)
	return s.withKeys(ctx, c, err)
}

// ClientByTokenHash returns the client of a bearer token that has not expired at now.
func (s *Clients) ClientByTokenHash(ctx context.Context, hash string, now time.Time) (identity.Client, error) {
	c, err := db.One(ctx, s.db, "client token", scanClient, `SELECT `+clientColumns+`
		FROM api_client_tokens t JOIN api_clients c ON c.id = t.client_id
		WHERE t.token_hash = $1 AND t.expires_at > $2`, hash, now)
	return s.withKeys(ctx, c, err)
}

// Clients lists every client with its keys (the page offers to remove one), the agreements
// ending soonest first. They are few (one per partner institution), so the list is not paged
// and the keys are read client by client.
func (s *Clients) Clients(ctx context.Context) ([]identity.Client, error) {
	cs, err := db.Collect(ctx, s.db, scanClient, `SELECT `+clientColumns+` FROM api_clients c ORDER BY c.expires_at, c.id`)
	for i := range cs {
		if err != nil {
			break
		}
		cs[i], err = s.withKeys(ctx, cs[i], nil)
	}
	return cs, err
}

// CreateClientToken stores a bearer token's hash, and drops the tokens that have expired:
// they are only ever looked up live, and this keeps the table as small as the traffic of
// the last few minutes.
func (s *Clients) CreateClientToken(ctx context.Context, hash string, clientID int64, expires time.Time) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_client_tokens WHERE expires_at < $1`, expires.Add(-identity.ClientTokenTTL)); err != nil {
			return fmt.Errorf("sweep client tokens: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_client_tokens (token_hash, client_id, expires_at) VALUES ($1, $2, $3)`, hash, clientID, expires)
		return err
	})
}

// RevokeClient ends the agreement and deletes its live tokens, with the audit entry, in one
// transaction: a token bought a minute ago stops working at once.
func (s *Clients) RevokeClient(ctx context.Context, id int64, now time.Time, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE api_clients SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, now); err != nil {
			return fmt.Errorf("revoke client: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_client_tokens WHERE client_id = $1`, id); err != nil {
			return fmt.Errorf("revoke client tokens: %w", err)
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// RemoveClientKey deletes one key of the client, with the audit entry.
func (s *Clients) RemoveClientKey(ctx context.Context, id int64, kid string, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_client_keys WHERE client_id = $1 AND kid = $2`, id, kid); err != nil {
			return fmt.Errorf("remove client key: %w", err)
		}
		return s.audit.Append(ctx, tx, e)
	})
}
