package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/payments/banktest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// TestPayrollCommands runs a month's payroll the way a finance office scripts it, on both
// engines: prepare as one officer, approve as the other (the preparer is refused), export the
// bank files, let the bank accept them and answer with a statement that returns one payment,
// reconcile it, and show the cycle.
func TestPayrollCommands(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "dost")
			cli := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), append(args, "--db", url), &out)
				return out.String(), err
			}
			if out, err := cli("demo", "--life=false", "--persons", "300", "--entitlements", "40"); err != nil {
				t.Fatalf("demo: %v\n%s", err, out)
			}
			out, err := cli("payroll", "prepare", "--period", "2026-11", "--program", "TSSA", "--as", "finance")
			m := regexp.MustCompile(`cycle (\d+)  TSSA 2026-11  prepared \(prepared by finance\)`).FindStringSubmatch(out)
			if err != nil || m == nil {
				t.Fatalf("prepare: %v\n%s", err, out)
			}
			cycle := m[1]
			if _, err := cli("payroll", "prepare", "--period", "2026-11", "--program", "TSSA", "--as", "finance"); !errors.Is(err, fail.ErrDuplicate) {
				t.Fatalf("second preparation: %v", err)
			}
			if _, err := cli("payroll", "approve", "--cycle", cycle, "--as", "finance2"); err == nil {
				t.Fatal("approved without the approver's password: one operator could be maker and checker")
			}
			t.Setenv("DOST_PASSWORD", demo.Password) // the approver types their own password
			if _, err := cli("payroll", "approve", "--cycle", cycle, "--as", "finance"); !errors.Is(err, fail.ErrForbidden) {
				t.Fatalf("the preparer approving: %v", err)
			}
			if out, err := cli("payroll", "approve", "--cycle", cycle, "--as", "finance2"); err != nil || !strings.Contains(out, "approved by finance2") {
				t.Fatalf("approve: %v\n%s", err, out)
			}

			dir := t.TempDir()
			out, err = cli("payroll", "export", "--cycle", cycle, "--format", "pain.001.001.09", "--out", dir, "--as", "finance2")
			if err != nil {
				t.Fatalf("export: %v\n%s", err, out)
			}
			var transfers []banktest.Transfer
			var filesTotal money.Amount
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				f := regexp.MustCompile(`^(\S+)  (\d+) payments  ([0-9.]+) AZN`).FindStringSubmatch(line)
				if f == nil {
					t.Fatalf("export printed %q", line)
				}
				got := banktest.Receive(t, "pain.001.001.09", f[1])
				n, _ := strconv.Atoi(f[2])
				total, _ := money.Parse(f[3])
				var sum money.Amount
				for _, tr := range got {
					sum += tr.Amount
				}
				if len(got) != n || sum != total {
					t.Fatalf("%s: %d transfers for %s AZN; export said %d for %s", f[1], len(got), sum, n, total)
				}
				filesTotal += total
				transfers = append(transfers, got...)
			}
			if len(transfers) < 30 {
				t.Fatalf("only %d transfers exported", len(transfers))
			}

			transfers[0].Return = "AM05"
			stmt := filepath.Join(dir, "statement.xml")
			os.WriteFile(stmt, []byte(banktest.Camt054("STMT-CLI", app.DemoPayer.IBAN, transfers)), 0o600)
			out, err = cli("payroll", "reconcile", "--file", stmt, "--as", "finance")
			want := "statement STMT-CLI (camt.054.001.08): " + strconv.Itoa(len(transfers)-1) + " paid, 1 returned"
			if err != nil || !strings.Contains(out, want) {
				t.Fatalf("reconcile: %v\n%s\nwant %q", err, out, want)
			}
			if _, err := cli("payroll", "reconcile", "--file", stmt, "--as", "finance"); err == nil || !strings.Contains(err.Error(), "nothing applied") {
				t.Fatalf("the same statement twice: %v", err)
			}

			out, err = cli("payroll", "show", "--cycle", cycle, "--as", "finance")
			paid := regexp.MustCompile(`paid\s+(\d+) lines\s+([0-9.]+) AZN`).FindStringSubmatch(out)
			returned := regexp.MustCompile(`returned\s+1 lines\s+` + regexp.QuoteMeta(transfers[0].Amount.String()) + ` AZN`).MatchString(out)
			if err != nil || paid == nil || paid[1] != strconv.Itoa(len(transfers)-1) || !returned {
				t.Fatalf("show: %v\n%s", err, out)
			}
			if paidTotal, _ := money.Parse(paid[2]); paidTotal+transfers[0].Amount != filesTotal {
				t.Fatalf("paid %s + returned %s ≠ files' total %s", paidTotal, transfers[0].Amount, filesTotal)
			}
		})
	}
}
