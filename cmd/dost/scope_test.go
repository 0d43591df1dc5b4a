package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"testing"

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
			if out, err := cli("demo", "--persons", "100", "--entitlements", "10"); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			t.Setenv("DOST_PASSWORD", "another-agency-2026")
			if out, err := cli("user", "add", "--login", "sea-finance", "--name", "SEA finance", "--role", "finance_officer", "--institution", "SEA"); err != nil {
				t.Fatalf("user add: %v\n%s", err, out)
			}
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
