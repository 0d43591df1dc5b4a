package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// MaxTokenDays is the longest an API token may live: a forgotten token expires within a quarter.
const MaxTokenDays = 90

// ErrUnavailable means a credential could not be looked up (the database did not answer), as
// opposed to being unknown: the client should retry rather than sign in again.
var ErrUnavailable = errors.New("credentials cannot be checked right now")

// TokenRequest is what a user asks for when issuing an API token.
type TokenRequest struct {
	Name        string
	Days        int
	ReadOnly    bool
	Permissions []authz.Permission // empty: every permission the owner holds
}

// IssueScopedToken creates an API token for the staff member p and returns it; it cannot be
// shown again. Only a person signed in (not a token, not a citizen) may issue one, for at most
// MaxTokenDays, with permissions they hold.
func (s *Service) IssueScopedToken(ctx context.Context, p *authz.Principal, req TokenRequest) (string, Token, error) {
	if p == nil || p.UserID == 0 || p.PersonID != 0 || p.TokenID != 0 {
		return "", Token{}, fmt.Errorf("issue token: only a signed-in staff member may: %w", fail.ErrForbidden)
	}
	var errs fail.Fields
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" || len(req.Name) > 80 {
		errs.Add("name", "invalid.required", nil)
	}
	if req.Days < 1 || req.Days > MaxTokenDays {
		errs.Add("days", "token.days_range", map[string]any{"Count": MaxTokenDays})
	}
	for _, perm := range req.Permissions {
		if perm == authz.Public || perm == authz.Authenticated || !p.Can(perm) {
			errs.Add("permissions", "token.permission_not_held", map[string]any{"Permission": string(perm)})
			break
		}
	}
	if err := errs.Err(); err != nil {
		return "", Token{}, err
	}
	raw, t, err := s.issue(ctx, p.UserID, req.Name, time.Duration(req.Days)*24*time.Hour, req.ReadOnly, req.Permissions)
	if err != nil {
		return "", t, err
	}
	perms := make([]string, len(t.Permissions))
	for i, p := range t.Permissions {
		perms[i] = string(p)
	}
	var shown any = strings.Join(perms, ", ")
	if len(perms) == 0 {
		shown = audit.Word("audit.detail.all_permissions")
	}
	key := map[bool]string{true: "token_read_only", false: "token"}[t.ReadOnly]
	detail := audit.Msg(key, "Token", t.Name, "Permissions", shown, "Expires", clock.DateOf(t.ExpiresAt))
	return raw, t, s.record(ctx, audit.Create, p.Login, detail)
}

// IssueToken creates a token with every permission of the user, for ttl (at most
// MaxTokenDays). Tests and the command line use it; the API goes through IssueScopedToken.
func (s *Service) IssueToken(ctx context.Context, userID int64, name string, ttl time.Duration) (string, error) {
	if ttl <= 0 || ttl > MaxTokenDays*24*time.Hour {
		return "", fail.Fields{{Name: "days", Key: "token.days_range", Args: map[string]any{"Count": MaxTokenDays}}}
	}
	tok, _, err := s.issue(ctx, userID, name, ttl, false, nil)
	return tok, err
}

func (s *Service) issue(ctx context.Context, userID int64, name string, ttl time.Duration, readOnly bool, perms []authz.Permission) (string, Token, error) {
	raw := make([]byte, 32)
	rand.Read(raw)
	token := "dost_" + hex.EncodeToString(raw)
	now := s.clock.Now()
	t := Token{UserID: userID, Name: name, Hash: tokenHash(token), CreatedAt: now, ExpiresAt: now.Add(ttl),
		ReadOnly: readOnly, Permissions: perms}
	return token, t, s.store.CreateToken(ctx, t)
}

// PrincipalByToken returns the principal an API token acts for, limited to the token's
// scope. An unknown, expired or revoked token, or a disabled owner, is fail.ErrNotFound;
// a failed look-up is ErrUnavailable.
func (s *Service) PrincipalByToken(ctx context.Context, token string) (*authz.Principal, error) {
	t, err := s.store.TokenByHash(ctx, tokenHash(token), s.clock.Now())
	if errors.Is(err, fail.ErrNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	p, err := s.Principal(ctx, t.UserID)
	switch {
	case errors.Is(err, fail.ErrNotFound), errors.Is(err, fail.ErrForbidden):
		return nil, fmt.Errorf("token owner: %w", fail.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	p.TokenID, p.ReadOnly = t.ID, t.ReadOnly
	if len(t.Permissions) > 0 {
		p.Only = t.Permissions
	}
	return p, nil
}

// Tokens lists a user's live tokens (newest first); revoked and expired ones are left out.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	return s.store.Tokens(ctx, userID, s.clock.Now())
}

// RevokeToken revokes token id on behalf of p: its owner, or an administrator whose scope
// covers one of the owner's grants. Anyone else is told it does not exist.
func (s *Service) RevokeToken(ctx context.Context, p *authz.Principal, id int64) error {
	t, err := s.store.TokenByID(ctx, id)
	if err != nil {
		return err
	}
	owner, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		return err
	}
	if !s.CanManage(p, owner) {
		return fmt.Errorf("token %d: %w", id, fail.ErrNotFound)
	}
	if err := s.store.RevokeToken(ctx, id, s.clock.Now()); err != nil {
		return err
	}
	return s.record(ctx, audit.Update, owner.Login, audit.Msg("token_revoked", "Token", t.Name))
}

// CanManage reports whether p may act on u's credentials: u themselves (signed in, not
// through a token), or an administrator whose scope covers one of u's grants.
func (s *Service) CanManage(p *authz.Principal, u User) bool {
	if p == nil || p.PersonID != 0 {
		return false
	}
	if p.UserID == u.ID {
		return true
	}
	scope := p.Scope(authz.UserManage)
	return slices.ContainsFunc(u.Grants, func(g authz.Grant) bool { return slices.Contains(scope, g.InstitutionID) })
}

// TokenOwner loads the staff account whose tokens an administrator looks at.
func (s *Service) TokenOwner(ctx context.Context, id int64) (User, error) {
	return s.store.UserByID(ctx, id)
}

func tokenHash(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
