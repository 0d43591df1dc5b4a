package identity

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// codeAlphabet has no letters or digits that read alike (0/O, 1/I/L), so that a code read
// from a phone is typed right the first time.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// codeLen characters of 31 give about 59 bits: far beyond guessing in maxCodeAttempts tries.
const codeLen = 12

// ErrBadActivationCode is a wrong, used, worn-out or expired activation code. Which of these it was is
// not told.
var ErrBadActivationCode = errors.New("wrong or expired activation code")

// newCode returns a random activation code.
func newCode() string {
	b := make([]byte, codeLen)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)] // 256 % 31 biases a few letters by < 1%
	}
	return string(b)
}

// normaliseCode accepts a code typed in lower case or with spaces and dashes.
func normaliseCode(c string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(c)))
}

// activationTTL is how long a code lives.
func (s *Service) activationTTL() time.Duration {
	if s.ActivationTTL > 0 {
		return s.ActivationTTL
	}
	return DefaultActivationTTL
}

// activation makes a code for u and the message that carries it to u's owner. The code is in
// the message only: it is neither returned to the caller nor audited nor logged.
func (s *Service) activation(u User) (Activation, notify.Message) {
	code := newCode()
	now := s.clock.Now()
	a := Activation{UserID: u.ID, Hash: HashPassword(code), CreatedAt: now, ExpiresAt: now.Add(s.activationTTL())}
	channel, addr := Contact{Phone: u.Phone, Email: u.Email}.address()
	lang := i18n.Or(u.Lang)
	args := map[string]any{"Login": u.Login, "Code": code, "Count": int(s.activationTTL().Hours())}
	m := notify.Message{DedupKey: notify.SecretPrefix + "activation:" + uuid.Must(uuid.NewV7()).String(), Channel: channel, Address: addr, Lang: lang,
		Subject: i18n.Tr(lang, "accounts.code_subject", nil), Body: i18n.Tr(lang, "accounts.code_message", args)}
	return a, m
}

// NewUser is what an administrator fills in to create a staff account: who, how to reach
// them, and the roles asked for. The owner sets the password.
type NewUser struct {
	Login    string
	FullName string
	Lang     string
	Contact
	Grants []authz.Grant

	// Password, when set, creates the account active with that password and its grants in
	// force at once, skipping activation and the second administrator. It is for the demo
	// seed and tests only: no page, API operation or command sets it.
	Password string
}

// validate normalises n and lists every invalid field.
func (n *NewUser) validate() fail.Fields {
	var errs fail.Fields
	n.Login = strings.ToLower(strings.TrimSpace(n.Login))
	if len(n.Login) < 3 || len(n.Login) > 40 || strings.Trim(n.Login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		errs.Add("login", "invalid.login", nil)
	}
	n.FullName = strings.TrimSpace(n.FullName)
	if n.FullName == "" || len(n.FullName) > 200 {
		errs.Add("full_name", "invalid.required", nil)
	}
	if n.Lang = i18n.Supported(n.Lang); n.Lang == "" {
		n.Lang = "az"
	}
	for _, g := range n.Grants {
		if !g.Role.Valid() {
			errs.Add("role", "invalid.role", nil)
		}
	}
	if len(n.Grants) == 0 {
		errs.Add("role", "invalid.required", nil)
	}
	return errs
}

// CreateUser creates a staff account. The account has no password: a one-time code goes to
// its owner's phone or e-mail through the outbox, and the roles asked for wait for a second
// administrator's approval. The administrator never sees the code.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	if n.Password != "" {
		return s.seedUser(ctx, n)
	}
	errs := n.validate()
	n.Contact.validate(&errs)
	if err := errs.Err(); err != nil {
		return User{}, err
	}
	if err := s.checkRequest(ctx, 0, nil, n.Grants); err != nil {
		return User{}, err
	}
	u := User{UUID: uuid.Must(uuid.NewV7()).String(), Login: n.Login, FullName: n.FullName, Lang: n.Lang, Active: true,
		CreatedAt: s.clock.Now(), Phone: n.Phone, Email: n.Email, InstitutionID: n.Grants[0].InstitutionID}
	a, m := s.activation(u)
	if err := s.store.CreateAccount(ctx, &u, a, m); err != nil {
		if errors.Is(err, fail.ErrDuplicate) {
			return u, fail.Fields{{Name: "login", Key: "accounts.login_taken"}}
		}
		return u, err
	}
	if err := s.record(ctx, audit.Create, u.Login, audit.Msg("activation_sent", "Channel", audit.Word("audit.channel."+m.Channel), "Address", notify.Mask(m.Address))); err != nil {
		return u, err
	}
	for _, g := range n.Grants {
		if _, err := s.requestGrant(ctx, u, g); err != nil {
			return u, err
		}
	}
	return u, nil
}

// seedUser creates an active account with a password and grants in force: the demo seed's
// and tests' way, never reachable from a page, an API operation or a command.
func (s *Service) seedUser(ctx context.Context, n NewUser) (User, error) {
	if err := n.validate().Err(); err != nil {
		return User{}, err
	}
	u := User{UUID: uuid.Must(uuid.NewV7()).String(), Login: n.Login, FullName: n.FullName,
		PasswordHash: HashPassword(n.Password), Lang: n.Lang, Active: true, CreatedAt: s.clock.Now(), Grants: n.Grants}
	if err := s.store.CreateUser(ctx, &u); err != nil {
		return u, err
	}
	return u, s.record(ctx, audit.Create, u.Login, grantsText(u.Grants))
}

// ResetPassword voids an account's password and codes and sends its owner a new code. The
// administrator cannot choose the new password, nor see the code.
func (s *Service) ResetPassword(ctx context.Context, userID int64) error {
	u, err := s.manageable(ctx, userID)
	if err != nil {
		return err
	}
	if u.Phone == "" && u.Email == "" {
		return fail.Fields{{Name: "phone", Key: "accounts.contact_required"}}
	}
	if err := s.store.SetPassword(ctx, u.ID, ""); err != nil {
		return err
	}
	a, m := s.activation(u)
	if err := s.store.NewActivation(ctx, u.ID, a, m); err != nil {
		return err
	}
	return s.record(ctx, "reset", u.Login, audit.Msg("password_reset", "Channel", audit.Word("audit.channel."+m.Channel), "Address", notify.Mask(m.Address)))
}

// CheckActivation reports whether code is a live activation code of login's account, counting
// a wrong one against the live codes. It lets the sign-in page tell a first sign-in with a
// code from a wrong password.
func (s *Service) CheckActivation(ctx context.Context, login, code string) bool {
	_, _, err := s.liveCode(ctx, login, code)
	return err == nil
}

func (s *Service) liveCode(ctx context.Context, login, code string) (User, Activation, error) {
	u, err := s.store.AccountByLogin(ctx, strings.ToLower(strings.TrimSpace(login)))
	if err != nil || !u.Active {
		return u, Activation{}, ErrBadActivationCode
	}
	live, err := s.store.LiveActivations(ctx, u.ID, s.clock.Now())
	if err != nil || len(live) == 0 {
		return u, Activation{}, ErrBadActivationCode
	}
	code = normaliseCode(code)
	for _, a := range live {
		if len(code) == codeLen && CheckPassword(a.Hash, code) {
			return u, a, nil
		}
	}
	if err := s.store.FailActivation(ctx, u.ID); err != nil {
		return u, Activation{}, err
	}
	return u, Activation{}, ErrBadActivationCode
}

// Activate sets the password of login's account with a live activation code, which is then
// used up. The new password is typed twice and must pass the policy.
func (s *Service) Activate(ctx context.Context, login, code, password, repeat string) error {
	u, a, err := s.liveCode(ctx, login, code)
	if err != nil {
		return fail.Fields{{Name: "code", Key: "accounts.code_bad"}}
	}
	if err := newPassword(u.Login, password, repeat); err != nil {
		return err
	}
	if err := s.store.UseActivation(ctx, a.ID, s.clock.Now()); err != nil {
		return fail.Fields{{Name: "code", Key: "accounts.code_bad"}}
	}
	if err := s.store.SetPassword(ctx, u.ID, HashPassword(password)); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.Entry{ActorID: u.ID, ActorLogin: u.Login, InstitutionID: u.InstitutionID,
		Action: "activate", Purpose: "staff access", Entity: "user", EntityID: u.Login, Detail: audit.Msg("password_set")})
}

// newPassword checks a new password and its repetition.
func newPassword(login, password, repeat string) error {
	if err := CheckPasswordPolicy(login, password, "password"); err != nil {
		return err
	}
	if password != repeat {
		return fail.Fields{{Name: "repeat", Key: "accounts.password_mismatch"}}
	}
	return nil
}

// ChangePassword lets a signed-in staff member replace their own password: the current one
// proves it is them, the new one passes the policy.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, password, repeat string) error {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if !CheckPassword(u.PasswordHash, current) {
		return fail.Fields{{Name: "current", Key: "accounts.password_current_wrong"}}
	}
	if err := newPassword(u.Login, password, repeat); err != nil {
		return err
	}
	if password == current {
		return fail.Fields{{Name: "password", Key: "accounts.password_same"}}
	}
	if err := s.store.SetPassword(ctx, u.ID, HashPassword(password)); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return s.record(ctx, "password", u.Login, audit.Msg("password_changed"))
}
