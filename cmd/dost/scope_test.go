package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// TestAttackPayrollOfAnotherInstitution: a finance officer of the State Employment Agency,
// acting from the command line, neither starts, shows, approves nor exports the SSPF's
// payroll; the SSPF's own finance officer does.
func TestAttackPayrollOfAnotherInstitution(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "dost")
			cli := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), append(args, "--db", url), &out)
				return out.String(), err
			}
			if out, err := cli("demo", "--life=false", "--persons", "100", "--entitlements", "10"); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			seaFinance(t, url)
			t.Setenv("DOST_PASSWORD", "another-agency-2026") // the approval asks for the approver's own password
			if out, err := cli("payroll", "prepare", "--period", "2026-11", "--program", "TSSA", "--as", "sea-finance"); !errors.Is(err, fail.ErrForbidden) {
				t.Fatalf("another agency's finance officer prepared the payroll: %v\n%s", err, out)
			}
			if out, err := cli("payroll", "prepare", "--period", "2026-11", "--as", "sea-finance"); err != nil || out != "" {
				t.Fatalf("every programme of another agency's finance officer: %v\n%s", err, out)
			}
			out, err := cli("payroll", "prepare", "--period", "2026-11", "--program", "TSSA", "--as", "finance")
			m := regexp.MustCompile(`cycle (\d+)  TSSA`).FindStringSubmatch(out)
			if err != nil || m == nil {
				t.Fatalf("prepare: %v\n%s", err, out)
			}
			for _, args := range [][]string{{"show"}, {"approve"}, {"export", "--out", t.TempDir()}} {
				cmd := append([]string{"payroll", args[0], "--cycle", m[1], "--as", "sea-finance"}, args[1:]...)
				if out, err := cli(cmd...); !errors.Is(err, fail.ErrForbidden) {
					t.Fatalf("%v: %v\n%s", cmd, err, out)
				}
			}
			if out, err := cli("payroll", "show", "--cycle", m[1], "--as", "finance"); err != nil {
				t.Fatalf("show: %v\n%s", err, out)
			}
		})
	}
}

// seaFinance gives the State Employment Agency a finance officer with a password, as an
// activated account whose grant a second administrator approved would be.
func seaFinance(t *testing.T, url string) {
	t.Helper()
	a, err := open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var sea int64
	a.DB.QueryRow(`SELECT id FROM institutions WHERE code = 'SEA'`).Scan(&sea)
	if _, err := a.Identity.CreateUser(context.Background(), identity.NewUser{Login: "sea-finance", FullName: "SEA finance",
		Password: "another-agency-2026", Grants: []authz.Grant{{Role: authz.FinanceOfficer, InstitutionID: sea}}}); err != nil {
		t.Fatal(err)
	}
}
