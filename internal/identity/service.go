package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Login throttling: after this many failures in the window, further attempts are refused
// without checking the password.
const (
	throttleWindow   = 15 * time.Minute
	maxFailsPerLogin = 5
	maxFailsPerIP    = 30
)

// Errors a login can end with. They are deliberately vague to the caller.
var (
	ErrBadCredentials = errors.New("wrong login or password")
	ErrThrottled      = errors.New("too many failed attempts; try again later")
)

// Languages the interface speaks.
var Languages = []string{"az", "en", "ru"}

// Service is identity's API.
type Service struct {
	store Store
	audit audit.Recorder
	clock clock.Clock

	// ActivationTTL is how long an activation code lives; DefaultActivationTTL when zero.
	ActivationTTL time.Duration
}

// NewService returns the identity service.
func NewService(s Store, a audit.Recorder, c clock.Clock) *Service {
	return &Service{store: s, audit: a, clock: c}
}

// record audits a change to a staff account, as the principal in ctx (or "system").
func (s *Service) record(ctx context.Context, action, login, detail string) error {
	return s.audit.Record(ctx, audit.For(ctx, action, "staff access", "user", login, detail))
}

// Authenticate checks a login and password from ip and returns the principal.
func (s *Service) Authenticate(ctx context.Context, login, password, ip string) (*authz.Principal, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	now := s.clock.Now()
	byLogin, byIP, err := s.store.LoginFailures(ctx, login, ip, now.Add(-throttleWindow))
	if err != nil {
		return nil, err
	}
	if byLogin >= maxFailsPerLogin || byIP >= maxFailsPerIP {
		return nil, ErrThrottled
	}
	u, err := s.store.UserByLogin(ctx, login)
	if err != nil || !u.Active || !CheckPassword(u.PasswordHash, password) {
		if err != nil && !errors.Is(err, fail.ErrNotFound) {
			return nil, err
		}
		if err := s.store.RecordLoginFailure(ctx, login, ip, now); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	s.store.ClearLoginFailures(ctx, login)
	if err := s.store.RecordLogin(ctx, u.ID, now); err != nil {
		return nil, err
	}
	return s.Principal(ctx, u.ID)
}

// Principal loads a user's principal with each grant's scope expanded down the institution
// tree. An inactive user has none.
func (s *Service) Principal(ctx context.Context, userID int64) (*authz.Principal, error) {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !u.Active || u.Pending() {
		return nil, fmt.Errorf("user %s is disabled or awaits activation: %w", u.Login, fail.ErrForbidden)
	}
	insts, err := s.store.Institutions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range u.Grants {
		u.Grants[i].Scope = subtree(insts, u.Grants[i].InstitutionID)
	}
	return &authz.Principal{UserID: u.ID, Login: u.Login, Name: u.FullName, Lang: u.Lang, Grants: u.Grants}, nil
}

func subtree(all []Institution, root int64) []int64 {
	out := []int64{root}
	for i := 0; i < len(out); i++ {
		for _, inst := range all {
			if inst.ParentID == out[i] {
				out = append(out, inst.ID)
			}
		}
	}
	return out
}

func grantsText(gs []authz.Grant) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = fmt.Sprintf("%s@%d", g.Role, g.InstitutionID)
	}
	return "grants=" + strings.Join(parts, ",")
}

// SetLang records the interface language a user chose.
func (s *Service) SetLang(ctx context.Context, userID int64, lang string) error {
	for _, l := range Languages {
		if l == lang {
			return s.store.SetLang(ctx, userID, lang)
		}
	}
	return fail.Fields{{Name: "lang", Key: "invalid.lang"}}
}

// IssueToken creates an API token for the user and returns it; it cannot be shown again.
func (s *Service) IssueToken(ctx context.Context, userID int64, name string, ttl time.Duration) (string, error) {
	raw := make([]byte, 32)
	rand.Read(raw)
	token := "dost_" + hex.EncodeToString(raw)
	now := s.clock.Now()
	err := s.store.CreateToken(ctx, Token{UserID: userID, Name: name, Hash: tokenHash(token), CreatedAt: now, ExpiresAt: now.Add(ttl)})
	return token, err
}

// PrincipalByToken returns the principal an API token acts for.
func (s *Service) PrincipalByToken(ctx context.Context, token string) (*authz.Principal, error) {
	id, err := s.store.TokenUser(ctx, tokenHash(token), s.clock.Now())
	if err != nil {
		return nil, err
	}
	return s.Principal(ctx, id)
}

func tokenHash(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// Institutions lists all institutions.
func (s *Service) Institutions(ctx context.Context) ([]Institution, error) {
	return s.store.Institutions(ctx)
}

// SetActive enables or disables an account.
func (s *Service) SetActive(ctx context.Context, userID int64, active bool) error {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.store.SetActive(ctx, userID, active); err != nil {
		return err
	}
	if active {
		if err := s.store.MarkEnabled(ctx, userID, s.clock.Now()); err != nil {
			return err
		}
	}
	return s.record(ctx, audit.Update, u.Login, fmt.Sprintf("active=%v", active))
}
