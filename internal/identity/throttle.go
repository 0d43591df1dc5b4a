package identity

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
)

// Lengths beyond which a sign-in is refused before the database is asked: no real login is
// longer, and a megabyte "password" would only feed argon2.
const (
	maxLoginLen    = 64
	maxPasswordLen = 256
)

// ErrBusy means every password-hashing slot stayed taken for hashWait: the caller answers
// 503 and asks the client to come back shortly.
var ErrBusy = errors.New("too many sign-ins at once; try again in a moment")

// hashSlots caps concurrent argon2 work at one per core. Each hash takes 19 MiB; unbounded,
// a hundred parallel sign-ins took the server from 0.8 to 1.9 GiB.
var hashSlots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// hashWait is how long a sign-in waits for a hashing slot before it is turned away.
var hashWait = 3 * time.Second

// dummyHash is checked against when a login is unknown, so that unknown and known logins
// take the same time and an attacker cannot list the accounts by timing.
var dummyHash = sync.OnceValue(func() string { return HashPassword("no such account: timing equaliser") })

// checkPassword runs CheckPassword in one of the hashing slots.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-t.C:
		return false, ErrBusy
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-hashSlots }()
	s.passwordChecks.Add(1)
	return CheckPassword(hash, password), nil
}

// admit counts one attempt against key and reports whether it is within limit. Counting and
// checking are one atomic statement in the store: parallel attempts cannot all pass a check
// made before any of them was recorded. Every attempt counts; a successful one is forgotten
// (forgive) afterwards.
func (s *Service) admit(ctx context.Context, key string, limit int) error {
	now := s.clock.Now()
	n, err := s.store.CountAttempt(ctx, key, now, now.Add(-throttleWindow))
	if err != nil {
		return err
	}
	if n > limit {
		return ErrThrottled
	}
	return nil
}

// Throttle keys: one counter per login, per client address, and per account for second-factor codes.
func loginKey(login string) string { return "login:" + login }
func ipKey(ip string) string       { return "ip:" + ip }
func codeKey(login string) string  { return "totp:" + login }

// admitLogin counts a sign-in attempt against the login, then against the client's address.
// An attempt already refused for its login does not use up the address's allowance.
func (s *Service) admitLogin(ctx context.Context, key, ip string, limit int) error {
	if err := s.admit(ctx, key, limit); err != nil {
		return err
	}
	if ip == "" {
		return nil
	}
	return s.admit(ctx, ipKey(ip), maxFailsPerIP)
}

// forgive undoes the count of a successful attempt: the login's counter is cleared, and the
// address gives back the one attempt, so that colleagues behind one NAT do not lock each other out.
func (s *Service) forgive(ctx context.Context, key, ip string) {
	s.store.ForgetAttempts(ctx, key)
	if ip != "" {
		s.store.ReturnAttempt(ctx, ipKey(ip))
	}
}
