package identity

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
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

// Service is identity's API.
type Service struct {
	store Store
	audit audit.Recorder
	clock clock.Clock

	// RequireTOTP makes a second factor compulsory for privileged roles (admin, finance,
	// back office). The app sets it everywhere except in a demo installation.
	RequireTOTP bool

	passwordChecks atomic.Int64 // argon2 comparisons made, for the throttle's tests

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

// Authenticate checks a login and password from ip and returns the principal. Each attempt
// is counted before the password is checked (see admit), unknown logins are checked against a
// dummy hash so that they take as long as known ones, and oversized input never reaches the
// database. A user with a second factor is not signed in yet: see SecondFactor.
func (s *Service) Authenticate(ctx context.Context, login, password, ip string) (*authz.Principal, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if login == "" || len(login) > maxLoginLen || len(password) > maxPasswordLen {
		return nil, ErrBadCredentials
	}
	if err := s.admitLogin(ctx, loginKey(login), ip, maxFailsPerLogin); err != nil {
		return nil, err
	}
	u, err := s.store.UserByLogin(ctx, login)
	if err != nil && !errors.Is(err, fail.ErrNotFound) {
		return nil, err
	}
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash()
	}
	ok, herr := s.checkPassword(ctx, hash, password)
	if herr != nil {
		return nil, herr
	}
	if err != nil || !ok || !u.Active {
		return nil, ErrBadCredentials
	}
	s.forgive(ctx, loginKey(login), ip)
	if err := s.store.RecordLogin(ctx, u.ID, s.clock.Now()); err != nil {
		return nil, err
	}
	return s.Principal(ctx, u.ID)
}

// ActAs returns ctx acting as the staff member with login, and their principal: how a
// command or a test acts for a person, who is then recorded in the audit log. A disabled or
// unknown login acts as nobody and is an error.
func (s *Service) ActAs(ctx context.Context, login string) (context.Context, *authz.Principal, error) {
	u, err := s.store.UserByLogin(ctx, login)
	if err != nil {
		return ctx, nil, err
	}
	p, err := s.Principal(ctx, u.ID)
	if err != nil {
		return ctx, nil, err
	}
	return authz.With(ctx, p), p, nil
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
	roles, places := make(audit.Words, len(gs)), make([]string, len(gs))
	for i, g := range gs {
		roles[i], places[i] = "role."+string(g.Role), strconv.FormatInt(g.InstitutionID, 10)
	}
	return audit.Msg("grants", "Roles", roles, "Institutions", strings.Join(places, ", "))
}

// SetLang records the interface language a user chose.
func (s *Service) SetLang(ctx context.Context, userID int64, lang string) error {
	if i18n.Supported(lang) != "" { // the languages the catalogues are written in
		return s.store.SetLang(ctx, userID, lang)
	}
	return fail.Fields{{Name: "lang", Key: "invalid.lang"}}
}

// Users lists staff accounts in login order, one keyset page at a time.
func (s *Service) Users(ctx context.Context, afterLogin string) ([]User, error) {
	return s.store.Users(ctx, afterLogin, 100)
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
	return s.record(ctx, audit.Update, u.Login, audit.Msg(map[bool]string{true: "enabled", false: "disabled"}[active]))
}
