package authz

import "testing"

// TestIncompatibleCoversTheIssue checks the pairs issue 10 names, in both orders, and that
// the auditor can hold no other role.
func TestIncompatibleCoversTheIssue(t *testing.T) {
	pairs := [][2]Role{{BackOffice, FinanceOfficer}, {Analyst, FinanceOfficer}, {FrontOffice, FinanceOfficer},
		{Admin, FinanceOfficer}, {Admin, BackOffice}, {Admin, FrontOffice}, {Admin, Manager}, {Admin, SocialWorker}, {Admin, EmploymentOfficer}}
	for _, r := range Roles {
		if r != Auditor {
			pairs = append(pairs, [2]Role{Auditor, r})
		}
	}
	for _, p := range pairs {
		if _, ok := Conflicting(p[0], p[1]); !ok {
			t.Errorf("%s + %s allowed", p[0], p[1])
		}
		if _, ok := Conflicting(p[1], p[0]); !ok {
			t.Errorf("%s + %s allowed", p[1], p[0])
		}
	}
	if _, ok := Conflicting(FrontOffice, SocialWorker); ok {
		t.Error("front office + social worker refused")
	}
}
