package app_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/banktest"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// as acts for a demo login.
func as(t *testing.T, a *app.App, login string) context.Context {
	t.Helper()
	ctx, _, err := a.Identity.ActAs(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func allLines(t *testing.T, a *app.App, cycleID int64, status string) []payments.Line {
	var out []payments.Line
	for after := ""; ; {
		page, err := a.Payments.Lines(as(t, a, "finance"), cycleID, status, after)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].EndToEndID
	}
}

func TestPayrollPaysExactlyOnce(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, _ *httptest.Server) {
		ctx := context.Background()
		if err := demoEntitlements(a, 150); err != nil {
			t.Fatal(err)
		}
		// one beneficiary has lost their account, one has died but is not yet suspended
		a.DB.Exec(`UPDATE persons SET iban = '' WHERE id = (SELECT person_id FROM entitlements ORDER BY id LIMIT 1)`)
		a.DB.Exec(`UPDATE persons SET death_date = '2026-11-02' WHERE id = (SELECT person_id FROM entitlements ORDER BY id LIMIT 1 OFFSET 1)`)
		tssa, _ := a.ProgramStore.ProgramByCode(ctx, "TSSA")
		nov := clock.Month{Year: 2026, Month: 11}

		c, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", nov, nil)
		if err != nil {
			t.Fatal(err)
		}
		totals, _ := a.Payments.Totals(ctx, c.ID)
		if totals[payments.LineException].Lines != 2 || totals[payments.LinePending].Lines != 148 {
			t.Fatalf("totals = %+v", totals)
		}
		var sum int64
		a.DB.QueryRow(`SELECT SUM(net) FROM payment_lines WHERE cycle_id = $1 AND status = 'pending'`, c.ID).Scan(&sum)
		if money.Amount(sum) != totals[payments.LinePending].Net {
			t.Fatalf("sum of lines %d ≠ total %s", sum, totals[payments.LinePending].Net)
		}
		if _, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", nov, nil); !errors.Is(err, fail.ErrDuplicate) {
			t.Fatalf("second preparation: %v", err)
		}
		if _, err := a.Payments.Approve(as(t, a, "finance"), c.ID); !errors.Is(err, fail.ErrForbidden) {
			t.Fatalf("preparer approving: %v", err)
		}
		if _, err := a.Payments.Approve(as(t, a, "finance2"), c.ID); err != nil {
			t.Fatal(err)
		}
		pending := allLines(t, a, c.ID, payments.LinePending)
		dir := t.TempDir()
		var fileTotal money.Amount
		for _, format := range []string{payments.Pain00103, payments.Pain00109} {
			files, err := a.Payments.Export(as(t, a, "finance2"), c.ID, format, filepath.Join(dir, format))
			if err != nil {
				t.Fatal(err)
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, format)); len(entries) != len(files) {
				t.Fatalf("%d files in the export directory for %d bank files: working files left behind", len(entries), len(files))
			}
			fileTotal = 0
			for _, f := range files {
				banktest.Validate(t, format, f.Path)
				body, _ := os.ReadFile(f.Path)
				ctrl := regexp.MustCompile(`<CtrlSum>([0-9.]+)</CtrlSum>`).FindStringSubmatch(string(body))
				if ctrl == nil || ctrl[1] != f.Total.String() || strings.Count(string(body), "<CdtTrfTxInf>") != int(f.Lines) {
					t.Fatalf("%s: control sum %v, file total %s", f.Path, ctrl, f.Total)
				}
				fileTotal += f.Total
			}
		}
		if fileTotal != totals[payments.LinePending].Net {
			t.Fatalf("files total %s ≠ database total %s", fileTotal, totals[payments.LinePending].Net)
		}

		// the bank pays all but two: one returned for a closed account, one for another reason
		closed, other := pending[0], pending[1]
		var transfers []banktest.Transfer
		for _, l := range pending[2:] {
			transfers = append(transfers, banktest.Transfer{EndToEndID: l.EndToEndID, Amount: l.Net})
		}
		transfers = append(transfers, banktest.Transfer{EndToEndID: closed.EndToEndID, Amount: closed.Net, Return: "AC04"},
			banktest.Transfer{EndToEndID: other.EndToEndID, Amount: other.Net, Return: "AM05"})
		stmt := banktest.Camt054("STMT-1", app.DemoPayer.IBAN, transfers)
		path := filepath.Join(dir, "stmt1.xml")
		os.WriteFile(path, []byte(stmt), 0o600)
		banktest.Validate(t, "camt.054.001.08", path)

		bad := strings.Replace(stmt, ">"+pending[5].Net.String()+"<", ">"+(pending[5].Net+1).String()+"<", 1)
		if _, _, err := a.Payments.Reconcile(as(t, a, "finance"), []byte(bad), nil, nil); err == nil || !strings.Contains(err.Error(), "/Amt") {
			t.Fatalf("mismatching statement: %v", err)
		}
		if got := allLines(t, a, c.ID, payments.LinePaid); len(got) != 0 {
			t.Fatalf("a refused statement applied %d lines", len(got))
		}
		pub, priv, _ := ed25519.GenerateKey(nil)
		sig := []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(stmt))))
		if _, _, err := a.Payments.Reconcile(as(t, a, "finance"), []byte(stmt+" "), sig, payments.Keys{pub}); err == nil || !strings.Contains(err.Error(), "signature") {
			t.Fatalf("altered signed statement: %v", err)
		}
		if _, res, err := a.Payments.Reconcile(as(t, a, "finance"), []byte(stmt), sig, payments.Keys{pub}); err != nil || len(res) != len(pending) {
			t.Fatalf("reconcile: %d results, %v", len(res), err)
		}
		if _, _, err := a.Payments.Reconcile(as(t, a, "finance"), []byte(stmt), nil, nil); err == nil || !strings.Contains(err.Error(), "already imported") {
			t.Fatalf("second import: %v", err)
		}

		// December: the other return is re-issued, the closed account's entitlement is suspended,
		// and nobody is paid November again
		a.DB.Exec(`UPDATE persons SET iban = $1 WHERE id = (SELECT person_id FROM entitlements ORDER BY id LIMIT 1)`, app.DemoPayer.IBAN)
		dec, err := a.Payments.Prepare(as(t, a, "finance"), tssa.ID, "TSSA", nov.Add(1), nil)
		if err != nil {
			t.Fatal(err)
		}
		var reissues, closedLines, novAgain, backPay int
		a.DB.QueryRow(`SELECT COUNT(*) FROM payment_lines WHERE cycle_id = $1 AND kind = 'reissue'`, dec.ID).Scan(&reissues)
		a.DB.QueryRow(`SELECT COUNT(*) FROM payment_lines WHERE cycle_id = $1 AND entitlement_id = $2`, dec.ID, closed.EntitlementID).Scan(&closedLines)
		a.DB.QueryRow(`SELECT COUNT(*) FROM payment_lines WHERE cycle_id = $1 AND kind = 'regular' AND status = 'pending' AND from_month <= '2026-11'`, dec.ID).Scan(&novAgain)
		a.DB.QueryRow(`SELECT months FROM payment_lines WHERE cycle_id = $1 AND entitlement_id = (SELECT MIN(id) FROM entitlements)`, dec.ID).Scan(&backPay)
		decTotals, _ := a.Payments.Totals(ctx, dec.ID)
		if reissues != 1 || closedLines != 0 || novAgain != 1 || backPay < 2 || decTotals[payments.LineException].Lines != 1 {
			t.Fatalf("December: %d reissues, %d lines for the closed account, %d lines paying November again (only the deferred one), back pay %d months",
				reissues, closedLines, novAgain, backPay)
		}
	})
}

func demoEntitlements(a *app.App, n int) error {
	return demo.GenerateEntitlements(context.Background(), a.DB, n, clock.NewDate(2026, 11, 22), nil)
}
