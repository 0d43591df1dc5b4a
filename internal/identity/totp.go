package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// TOTP (RFC 6238): 6 digits, 30-second steps, SHA-1 — what every authenticator app reads
// from a QR code. A code is accepted one step either side of now, and only once.
const (
	totpPeriod        = 30
	totpIssuer        = "dost"
	recoveryCodeCount = 10
	maxFailsPerCode   = 5 // wrong codes per account in throttleWindow
)

// ErrBadCode is a wrong, stale or already used second-factor code.
var ErrBadCode = errors.New("wrong or already used code")

// TOTPSecret is a user's second factor as stored: confirmed once the user has typed a first code.
type TOTPSecret struct {
	UserID    int64
	Secret    string // base32
	Confirmed bool
	LastStep  int64
}

// TOTPEnrolment is what a user needs to add the account to an authenticator app.
type TOTPEnrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL, the QR code's content
}

// SecondFactor is what a user must still do after their password.
type SecondFactor int

// What SecondFactorFor can answer.
const (
	FactorNone  SecondFactor = iota // signed in
	FactorCode                      // must type a code from their app (or a recovery code)
	FactorEnrol                     // must enrol first: their roles require it
)

// privileged are the permissions whose holders must use a second factor outside demo: those
// that decide or pay money and those that grant access. Asked of the permissions, not of role
// names, so that a manager (who decides and overrides) needs one as a back-office officer does.
var privileged = []authz.Permission{authz.Decide, authz.PaymentManage, authz.UserManage}

// SecondFactorFor says what p must still do after a correct password.
func (s *Service) SecondFactorFor(ctx context.Context, p *authz.Principal) (SecondFactor, error) {
	t, err := s.store.TOTP(ctx, p.UserID)
	switch {
	case err == nil && t.Confirmed:
		return FactorCode, nil
	case err != nil && !errors.Is(err, fail.ErrNotFound):
		return 0, err
	}
	if s.RequireTOTP && NeedsTOTP(p.Grants) {
		return FactorEnrol, nil
	}
	return FactorNone, nil
}

// NeedsTOTP reports whether any grant is of a role that carries a privileged permission.
func NeedsTOTP(grants []authz.Grant) bool {
	for _, g := range grants {
		for _, perm := range privileged {
			if g.Role.Has(perm) {
				return true
			}
		}
	}
	return false
}

// Admitted is asked on every request, not only at sign-in: a principal whose grants need a
// second factor acts only once one is enrolled. Without it, a privileged role approved for
// someone already signed in, or a token issued before, would act on a password alone.
func (s *Service) Admitted(ctx context.Context, p *authz.Principal) error {
	if !s.RequireTOTP || !NeedsTOTP(p.Grants) {
		return nil
	}
	t, err := s.store.TOTP(ctx, p.UserID)
	switch {
	case err == nil && t.Confirmed:
		return nil
	case err != nil && !errors.Is(err, fail.ErrNotFound):
		return err
	}
	return fmt.Errorf("%s holds a role that needs a second factor and has none: %w", p.Login, fail.ErrForbidden)
}

// StartTOTP begins (or resumes) enrolment: a new secret, not in force until ConfirmTOTP
// checks a first code made from it. A user already enrolled must have it reset first.
func (s *Service) StartTOTP(ctx context.Context, userID int64) (TOTPEnrolment, error) {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	t, err := s.store.TOTP(ctx, userID)
	switch {
	case err == nil && t.Confirmed:
		return TOTPEnrolment{}, fmt.Errorf("two-factor already enrolled: %w", fail.ErrDuplicate)
	case err == nil:
		return enrolment(u.Login, t.Secret)
	case !errors.Is(err, fail.ErrNotFound):
		return TOTPEnrolment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Login, Period: totpPeriod})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	if err := s.store.SaveTOTPSecret(ctx, userID, key.Secret(), s.clock.Now()); err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

func enrolment(login, secret string) (TOTPEnrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return TOTPEnrolment{}, fmt.Errorf("stored totp secret: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: login, Period: totpPeriod, Secret: raw})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: secret, URL: key.URL()}, nil
}

// ConfirmTOTP puts a started enrolment in force once code matches, and returns the recovery
// codes: shown once, stored only hashed.
func (s *Service) ConfirmTOTP(ctx context.Context, userID int64, code string) ([]string, error) {
	t, err := s.store.TOTP(ctx, userID)
	if errors.Is(err, fail.ErrNotFound) || (err == nil && t.Confirmed) {
		return nil, fail.Fields{{Name: "code", Key: "totp.not_started"}}
	}
	if err != nil {
		return nil, err
	}
	step, ok := matchStep(t.Secret, code, s.clock.Now())
	if !ok {
		return nil, fail.Fields{{Name: "code", Key: "totp.bad_code"}}
	}
	codes, hashes := recoveryCodes()
	if err := s.store.ConfirmTOTP(ctx, userID, step, hashes, s.clock.Now()); err != nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	return codes, s.record(ctx, audit.Update, u.Login, audit.Msg("two_factor_enrolled"))
}

// CheckTOTP checks a second-factor code of userID, from ip: a code from the app, used at
// most once, or one of the recovery codes. Wrong codes are throttled like passwords.
func (s *Service) CheckTOTP(ctx context.Context, userID int64, code, ip string) error {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	code = strings.ToLower(strings.Join(strings.Fields(code), ""))
	if code == "" || len(code) > 32 {
		return ErrBadCode
	}
	if err := s.admitLogin(ctx, codeKey(u.Login), ip, maxFailsPerCode); err != nil {
		return err
	}
	t, err := s.store.TOTP(ctx, userID)
	if err != nil {
		return err
	}
	ok, err := s.useCode(ctx, t, code)
	if err != nil || !ok {
		if err == nil {
			err = ErrBadCode
		}
		return err
	}
	s.forgive(ctx, codeKey(u.Login), ip)
	return nil
}

func (s *Service) useCode(ctx context.Context, t TOTPSecret, code string) (bool, error) {
	if len(code) != 6 {
		return s.store.UseRecoveryCode(ctx, t.UserID, hashCode(code), s.clock.Now())
	}
	step, ok := matchStep(t.Secret, code, s.clock.Now())
	if !ok || !t.Confirmed {
		return false, nil
	}
	// The store accepts the step only if it is later than the last one used: a code seen
	// over a shoulder or replayed within its window is refused.
	return s.store.UseTOTPStep(ctx, t.UserID, step)
}

// matchStep finds the time step (now, or one either side) whose code is code.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur, cur - 1, cur + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0),
			totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// recoveryCodes makes fresh one-time codes (ten base32 characters in two groups: 50 bits)
// and their hashes. High entropy makes a plain SHA-256 enough.
func recoveryCodes() (codes, hashes []string) {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for range recoveryCodeCount {
		b := make([]byte, 7)
		rand.Read(b)
		c := strings.ToLower(enc.EncodeToString(b))[:10]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, hashCode(c[:5]+"-"+c[5:]))
	}
	return codes, hashes
}

// hashCode hashes a recovery code as typed, without spaces and case, with or without its dash.
func hashCode(code string) string {
	code = strings.ToLower(strings.ReplaceAll(strings.Join(strings.Fields(code), ""), "-", ""))
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}
