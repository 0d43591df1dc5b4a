package programs

// SetMemberPass makes s dry-run every rule member by member (the pass for any rule), so that
// a test can compare it with the totals pass.
func (s *Service) SetMemberPass(on bool) { s.memberPass = on }

// TotalsOnly exposes totalsOnly to the tests.
var TotalsOnly = totalsOnly
