package identity

import "time"

// PasswordChecks reports how many passwords s has compared, so that a test can prove the
// throttle stops attempts before argon2.
func (s *Service) PasswordChecks() int64 { return s.passwordChecks.Load() }

// TakeHashSlots occupies every password-hashing slot, as a flood of sign-ins would, and
// makes waiting for one short; the returned function gives everything back.
func TakeHashSlots() (release func()) {
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	old := hashWait
	hashWait = time.Millisecond
	return func() {
		hashWait = old
		for range cap(hashSlots) {
			<-hashSlots
		}
	}
}
