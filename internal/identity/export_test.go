package identity

// PasswordChecks reports how many passwords s has compared, so that a test can prove the
// throttle stops attempts before argon2.
func (s *Service) PasswordChecks() int64 { return s.passwordChecks.Load() }
