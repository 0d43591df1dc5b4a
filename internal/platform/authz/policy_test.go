package authz

import (
	"slices"
	"testing"
)

// TestDeclareIsAUnion: a role carries what the domains declare for it, each permission once
// however often it is declared, and nothing declared for another role.
func TestDeclareIsAUnion(t *testing.T) {
	const a, b Permission = "test.a", "test.b"
	Declare(Declaration{Permission: a, Roles: []Role{EmploymentOfficer, SocialWorker}})
	Declare(Declaration{Permission: b, Roles: []Role{EmploymentOfficer}}, Declaration{Permission: a, Roles: []Role{EmploymentOfficer}})
	got := EmploymentOfficer.Permissions()
	if !slices.Contains(got, a) || !slices.Contains(got, b) || len(slices.Compact(slices.Sorted(slices.Values(got)))) != len(got) {
		t.Errorf("employment officer: %v", got)
	}
	if SocialWorker.Has(b) || !SocialWorker.Has(a) || Auditor.Has(a) {
		t.Error("a permission reached a role it was not declared for")
	}
	p := &Principal{Grants: []Grant{{Role: SocialWorker, InstitutionID: 3, Scope: []int64{3, 4}}}}
	if !p.Can(a) || p.Can(b) || !slices.Equal(p.Scope(a), []int64{3, 4}) {
		t.Error("principal does not follow the declarations")
	}
}
