// Package banktest plays a paying bank in tests — an outside system dost cannot run. Like a
// bank, it checks a payment file against the ISO 20022 schema before reading it (xmllint
// against ../shared/external/iso20022/xsd), and it answers with the camt.054 notification a
// bank sends back: a booked debit for each transfer paid, a credit with the reason code for
// each one returned.
package banktest

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/payments/banksim"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Transfer is one payment of a file, and the bank's answer to it.
type Transfer struct {
	EndToEndID string
	Amount     money.Amount
	Return     string // ISO 20022 return reason (AC04, AM05…); empty when paid
}

// Validate checks an XML file against one of the ISO 20022 schemas with xmllint. Under CI a
// missing xmllint fails the test (.ci/run installs libxml2-utils); elsewhere it skips.
func Validate(t testing.TB, schema, file string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint missing: .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint not installed")
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", XSD(t, schema), file).CombinedOutput()
	if err != nil {
		t.Fatalf("%s does not validate against %s: %s", filepath.Base(file), schema, out)
	}
}

// XSD is the path of an ISO 20022 schema in ../shared/external, found from the module root.
func XSD(t testing.TB, name string) string {
	t.Helper()
	dir, _ := os.Getwd()
	for ; dir != "/"; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "external", "iso20022", "xsd", name+".xsd")
		}
	}
	t.Fatal("module root not found")
	return ""
}

// Receive validates a pain.001 file against its schema, as a bank does before accepting it,
// and reads its transfers.
func Receive(t testing.TB, schema, file string) []Transfer {
	t.Helper()
	Validate(t, schema, file)
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tx []struct {
			EndToEndID string `xml:"PmtId>EndToEndId"`
			Amount     string `xml:"Amt>InstdAmt"`
		} `xml:"CstmrCdtTrfInitn>PmtInf>CdtTrfTxInf"`
	}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := make([]Transfer, len(doc.Tx))
	for i, tx := range doc.Tx {
		amount, err := money.Parse(tx.Amount)
		if err != nil {
			t.Fatalf("%s: transfer %s: amount %q: %v", file, tx.EndToEndID, tx.Amount, err)
		}
		out[i] = Transfer{EndToEndID: tx.EndToEndID, Amount: amount}
	}
	return out
}

// Camt054 writes the notification the bank sends for the payer's account about transfers
// (banksim's, at a fixed time).
func Camt054(msgID, account string, transfers []Transfer) string {
	sim := make([]banksim.Transfer, len(transfers))
	for i, tr := range transfers {
		sim[i] = banksim.Transfer(tr)
	}
	return banksim.Camt054(msgID, account, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), sim)
}
