package alerts

import (
	"reflect"
	"testing"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
)

// ministry 1 above agencies 2 and 3; 4 is below agency 2.
var tree = []Institution{{ID: 1, Code: "MIN"}, {ID: 2, ParentID: 1, Code: "A"}, {ID: 3, ParentID: 1, Code: "B"}, {ID: 4, ParentID: 2, Code: "A1"}}

func TestVisibilityIsTheLevelBelowAndTheTopForItsOwn(t *testing.T) {
	web.Declare([]web.Module{new(Feed).Module()}) // the feed's own declaration grants Read to admins and auditors
	for _, c := range []struct {
		name  string
		grant authz.Grant
		want  audit.AlertFilter
	}{
		{"ministry admin: everything below, and the ministry's own but not theirs", authz.Grant{Role: authz.Admin, InstitutionID: 1},
			audit.AlertFilter{Institutions: []int64{1, 2, 3, 4}, Unscoped: true, NotActor: "me"}},
		{"agency auditor: only below the agency", authz.Grant{Role: authz.Auditor, InstitutionID: 2},
			audit.AlertFilter{Institutions: []int64{4}, NotActor: "me"}},
		{"leaf admin: nothing", authz.Grant{Role: authz.Admin, InstitutionID: 4}, audit.AlertFilter{NotActor: "me"}},
		{"an officer: nothing", authz.Grant{Role: authz.BackOffice, InstitutionID: 1}, audit.AlertFilter{NotActor: "me"}},
	} {
		got := Visibility(&authz.Principal{Login: "me", Grants: []authz.Grant{c.grant}}, tree)
		if !reflect.DeepEqual(c.want, got) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if got := Visibility(nil, tree); got.Institutions != nil || got.Unscoped {
		t.Errorf("anonymous: %+v", got)
	}
}

func TestACitizenActorShowsNoFIN(t *testing.T) {
	if got := Actor("citizen:5ZJBKQ1"); got != "citizen" {
		t.Errorf("citizen actor shown as %q", got)
	}
	if got := Actor("officer"); got != "officer" {
		t.Errorf("staff actor shown as %q", got)
	}
}
