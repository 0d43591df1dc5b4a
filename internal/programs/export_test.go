package programs

// SetMemberPass makes s dry-run every rule member by member from the registry's tables (the
// reference pass), so that a test can compare it with the pass over the kept facts.
func (s *Service) SetMemberPass(on bool) { s.memberPass = on }
