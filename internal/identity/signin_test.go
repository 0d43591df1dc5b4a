package identity_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/identity/identitydb"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// setup returns a service over a fresh database with one institution and one admin, "alice".
func setup(t *testing.T, d *db.DB) (*identity.Service, *identitydb.Store, identity.User) {
	t.Helper()
	ctx := context.Background()
	st := identitydb.New(d)
	ids := identity.NewService(st, audit.New(d, clock.System{}), clock.System{})
	if err := st.CreateInstitution(ctx, &identity.Institution{Code: "M", Name: i18n.Text{"az": "M", "en": "M", "ru": "M"}}); err != nil {
		t.Fatal(err)
	}
	u, err := ids.CreateUser(ctx, identity.NewUser{Login: "alice", FullName: "Alice", Password: "correct horse",
		Grants: []authz.Grant{{Role: authz.Admin, InstitutionID: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	return ids, st, u
}

// TestAttackParallelPasswordGuesses: a hundred wrong passwords sent at once used to be all
// checked, because each attempt counted the failures before any was recorded. Now no more
// than the per-login limit reach argon2, and the right password is refused too while throttled.
func TestAttackParallelPasswordGuesses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids, _, _ := setup(t, d)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := ids.Authenticate(ctx, "alice", "wrong guess", "10.0.0."+string(rune('1'+i%9)))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		var bad, throttled int
		for err := range errs {
			switch {
			case errors.Is(err, identity.ErrBadCredentials):
				bad++
			case errors.Is(err, identity.ErrThrottled):
				throttled++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if checks := ids.PasswordChecks(); checks > 5 || bad > 5 || bad+throttled != 100 {
			t.Errorf("%d passwords checked, %d wrong, %d throttled: at most 5 may be checked", checks, bad, throttled)
		}
		if _, err := ids.Authenticate(ctx, "alice", "correct horse", "10.0.0.1"); !errors.Is(err, identity.ErrThrottled) {
			t.Errorf("right password during the lock-out: %v, want throttled", err)
		}
	})
}

// TestAttackPasswordGuessesFromOneAddress: spraying many logins from one address stops at
// the per-address limit.
func TestAttackPasswordGuessesFromOneAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids, _, _ := setup(t, d)
		ctx := context.Background()
		var throttled int
		for i := range 40 {
			_, err := ids.Authenticate(ctx, "user"+string(rune('a'+i%26))+string(rune('a'+i/26)), "x", "192.0.2.7")
			if errors.Is(err, identity.ErrThrottled) {
				throttled++
			}
		}
		if throttled != 10 {
			t.Errorf("%d of 40 attempts from one address throttled, want the 10 beyond 30", throttled)
		}
		if _, err := ids.Authenticate(ctx, "alice", "correct horse", "192.0.2.8"); err != nil {
			t.Errorf("another address is not throttled: %v", err)
		}
	})
}

// TestAttackOversizedLogin: oversized credentials are refused without a password check.
func TestAttackOversizedLogin(t *testing.T) {
	d := dbtest.SQLite(t)
	ids, _, _ := setup(t, d)
	long := string(make([]byte, 100_000))
	for _, c := range [][2]string{{long, "x"}, {"alice", long}} {
		if _, err := ids.Authenticate(context.Background(), c[0], c[1], "192.0.2.1"); !errors.Is(err, identity.ErrBadCredentials) {
			t.Errorf("oversized input: %v", err)
		}
	}
	if n := ids.PasswordChecks(); n != 0 {
		t.Errorf("%d passwords hashed for oversized input", n)
	}
	// An unknown login is hashed too (against a dummy), so it takes as long as a known one.
	ids.Authenticate(context.Background(), "nobody", "x", "192.0.2.1")
	if n := ids.PasswordChecks(); n != 1 {
		t.Errorf("unknown login: %d hashes, want 1", n)
	}
}

// TestAttackCredentialsSurviveDisable: disabling an account or changing its password
// revokes its API tokens and ends its sessions.
func TestAttackCredentialsSurviveDisable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids, st, u := setup(t, d)
		ctx := context.Background()
		sessions := identitydb.NewSessions(d)
		for i, change := range []func() error{
			func() error { return st.SetPassword(ctx, u.ID, identity.HashPassword("another one")) },
			func() error { return st.SetActive(ctx, u.ID, false) },
		} {
			st.SetActive(ctx, u.ID, true)
			session := "session-token-" + string(rune('a'+i))
			tok, err := ids.IssueToken(ctx, u.ID, "ci", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if err := sessions.Commit(session, sessionData(t, u.ID), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := change(); err != nil {
				t.Fatal(err)
			}
			if _, err := ids.PrincipalByToken(ctx, tok); !errors.Is(err, fail.ErrNotFound) {
				t.Errorf("token after the change: %v, want not found", err)
			}
			if _, found, _ := sessions.Find(session); found {
				t.Error("session survives the change")
			}
			// A request of that session still under way commits after the change.
			sessions.Commit(session, sessionData(t, u.ID), time.Now().Add(2*time.Hour))
			if _, found, _ := identitydb.NewSessions(d).Find(session); found {
				t.Error("a request in flight brought the session back")
			}
		}
		var stored int
		d.QueryRow(`SELECT COUNT(*) FROM sessions WHERE token LIKE 'session-token%'`).Scan(&stored)
		if stored != 0 {
			t.Error("a session token is stored in the clear")
		}
	})
}

// TestAttackTOTPCodeReplay: a code is accepted once, wrong codes are throttled, a recovery
// code works once.
func TestAttackTOTPCodeReplay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids, _, u := setup(t, d)
		ctx := context.Background()
		enr, err := ids.StartTOTP(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCode(enr.Secret, time.Now())
		recovery, err := ids.ConfirmTOTP(ctx, u.ID, code)
		if err != nil || len(recovery) != 10 {
			t.Fatalf("confirm: %v, %d recovery codes", err, len(recovery))
		}
		p := &authz.Principal{UserID: u.ID, Grants: u.Grants}
		if f, _ := ids.SecondFactorFor(ctx, p); f != identity.FactorCode {
			t.Fatalf("second factor after enrolment: %v", f)
		}
		if err := ids.CheckTOTP(ctx, u.ID, code, "192.0.2.1"); !errors.Is(err, identity.ErrBadCode) {
			t.Errorf("the enrolment code used again: %v, want refused", err)
		}
		if err := ids.CheckTOTP(ctx, u.ID, recovery[0], "192.0.2.1"); err != nil {
			t.Errorf("recovery code: %v", err)
		}
		if err := ids.CheckTOTP(ctx, u.ID, recovery[0], "192.0.2.1"); !errors.Is(err, identity.ErrBadCode) {
			t.Errorf("recovery code used twice: %v", err)
		}
		for range 5 {
			ids.CheckTOTP(ctx, u.ID, "000000", "192.0.2.1")
		}
		if err := ids.CheckTOTP(ctx, u.ID, recovery[1], "192.0.2.1"); !errors.Is(err, identity.ErrThrottled) {
			t.Errorf("after many wrong codes: %v, want throttled", err)
		}
	})
}

// TestAttackHashingFlood: when every core is already hashing a password, a further sign-in
// is turned away (503) instead of piling up 19 MiB argon2 runs until memory runs out.
func TestAttackHashingFlood(t *testing.T) {
	d := dbtest.SQLite(t)
	ids, _, _ := setup(t, d)
	release := identity.TakeHashSlots()
	_, err := ids.Authenticate(context.Background(), "alice", "correct horse", "192.0.2.1")
	release()
	if !errors.Is(err, identity.ErrBusy) || ids.PasswordChecks() != 0 {
		t.Errorf("sign-in with every hashing slot taken: %v after %d checks, want ErrBusy before any", err, ids.PasswordChecks())
	}
	if _, err := ids.Authenticate(context.Background(), "alice", "correct horse", "192.0.2.1"); err != nil {
		t.Errorf("once a slot is free: %v", err)
	}
}

// TestThrottleRowsPruned: the session sweep deletes throttle counters a day old.
func TestThrottleRowsPruned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, st, _ := setup(t, d)
		ctx := context.Background()
		old, now := time.Now().Add(-48*time.Hour), time.Now()
		st.CountAttempt(ctx, "login:old", old, old.Add(-time.Minute))
		st.CountAttempt(ctx, "login:new", now, now.Add(-time.Minute))
		if err := identitydb.NewSessions(d).DeleteExpired(); err != nil {
			t.Fatal(err)
		}
		var keys []string
		rows, _ := d.Query(`SELECT key FROM login_throttle`)
		for rows.Next() {
			var k string
			rows.Scan(&k)
			keys = append(keys, k)
		}
		rows.Close()
		if len(keys) != 1 || keys[0] != "login:new" {
			t.Errorf("after the sweep: %v, want only login:new", keys)
		}
	})
}
