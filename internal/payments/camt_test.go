package payments

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The banks' sample statements from ../shared/external parse; none of their payments are ours.
func TestParseSharedSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "external", "iso20022", "samples")
	for _, name := range []string{"camt053.v2.minimal.xml", "camt053.v2.multi.statement.xml", "camt053.v8.xml", "camt054.v2.xml", "camt054.v8.xml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		st, err := ParseStatement(data)
		if err != nil || st.MsgID == "" || len(st.Txs) != 0 {
			t.Errorf("%s: %+v, %v", name, st, err)
		}
	}
}

func TestParseRefusesWithElementAndReason(t *testing.T) {
	ok := `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M1</MsgId></GrpHdr><Ntfctn>
<Ntry><Amt Ccy="AZN">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls><TxDtls><Refs><EndToEndId>D1E2R</EndToEndId></Refs><Amt Ccy="AZN">10.00</Amt></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`
	st, err := ParseStatement([]byte(ok))
	if err != nil || len(st.Txs) != 1 || st.Txs[0].Amount != 1000 || !st.Txs[0].Debit || st.Format != "camt.054.001.08" {
		t.Fatalf("%+v %v", st, err)
	}
	cases := map[string]struct{ doc, element string }{
		"not xml":           {`<Document`, "line"},
		"wrong standard":    {strings.Replace(ok, "camt.054.001.08", "pain.001.001.09", 1), "Document"},
		"no message id":     {strings.Replace(ok, "<MsgId>M1</MsgId>", "", 1), "GrpHdr/MsgId"},
		"entry ≠ sum":       {strings.Replace(ok, `<Amt Ccy="AZN">10.00</Amt><CdtDbtInd>`, `<Amt Ccy="AZN">11.00</Amt><CdtDbtInd>`, 1), "Ntry[1]/Amt"},
		"bad amount":        {strings.Replace(ok, `10.00</Amt></TxDtls>`, `ten</Amt></TxDtls>`, 1), "Ntry[1]"},
		"credit, no reason": {strings.ReplaceAll(ok, "DBIT", "CRDT"), "TxDtls[1]"},
	}
	for name, c := range cases {
		_, err := ParseStatement([]byte(c.doc))
		var se *StatementError
		if !errors.As(err, &se) || !strings.Contains(se.Element, c.element) || se.Reason == "" {
			t.Errorf("%s: %v, want an error at %s", name, err, c.element)
		}
	}
}

func FuzzParseStatement(f *testing.F) {
	dir := filepath.Join("..", "..", "..", "shared", "external", "iso20022", "samples")
	for _, name := range []string{"camt053.v2.minimal.xml", "camt054.v8.xml", "NEGATIVE_camt053.v2.wrong.xml"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>x</MsgId></GrpHdr></BkToCstmrDbtCdtNtfctn></Document>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := ParseStatement(data)
		if err != nil {
			var se *StatementError
			if !errors.As(err, &se) {
				t.Fatalf("an error that names no element: %v", err)
			}
			return
		}
		for _, tx := range st.Txs {
			if !ourID.MatchString(tx.EndToEndID) || (!tx.Debit && tx.Return == "") {
				t.Fatalf("accepted %+v", tx)
			}
		}
	})
}
