package payments

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dost-platform/dost/internal/platform/money"
)

// Statement is what a bank's camt.053 statement or camt.054 notification says about our
// payments: one Tx per transaction that carries one of our end-to-end ids.
type Statement struct {
	MsgID  string
	Format string // camt.053.001.08 …
	SHA256 string
	Txs    []Tx
}

// Tx is one booked movement of one of our payments.
type Tx struct {
	Path       string // where in the file, for error messages: Ntry[3]/NtryDtls[1]/TxDtls[2]
	EndToEndID string
	Amount     money.Amount
	Currency   string
	Debit      bool   // DBIT: the payment left our account; CRDT with a return reason: it came back
	Return     string // the bank's return reason code (AC04 …), if any
}

// Result is what reconciliation does to one line.
type Result struct {
	Line          string // end-to-end id
	EntitlementID int64
	Status        string // paid or returned
	Reason        string
	Reissue       bool
}

// StatementError refuses a whole statement, naming the element and the reason.
type StatementError struct {
	Element string
	Reason  string
}

func (e *StatementError) Error() string { return e.Element + ": " + e.Reason }

var formats = map[string]string{}

func init() {
	for _, f := range []string{"camt.053.001.02", "camt.053.001.04", "camt.053.001.08", "camt.054.001.02", "camt.054.001.04", "camt.054.001.08"} {
		formats["urn:iso:std:iso:20022:tech:xsd:"+f] = f
	}
}

// ourID matches the end-to-end ids dost writes; other movements on the account are not ours.
var ourID = regexp.MustCompile(`^D[0-9]+E[0-9]+[RS]$`)

type camtAmount struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

type camtTx struct {
	EndToEndID string      `xml:"Refs>EndToEndId"`
	Amt        *camtAmount `xml:"Amt"`
	TxAmt      *camtAmount `xml:"AmtDtls>TxAmt>Amt"`
	CdtDbtInd  string      `xml:"CdtDbtInd"`
	Return     string      `xml:"RtrInf>Rsn>Cd"`
}

type camtEntry struct {
	Amt       camtAmount `xml:"Amt"`
	CdtDbtInd string     `xml:"CdtDbtInd"`
	Sts       struct {
		Text string `xml:",chardata"` // version 02: <Sts>BOOK</Sts>
		Cd   string `xml:"Cd"`        // versions 04 and 08: <Sts><Cd>BOOK</Cd></Sts>
	} `xml:"Sts"`
	Details []struct {
		Txs []camtTx `xml:"TxDtls"`
	} `xml:"NtryDtls"`
}

type camtDoc struct {
	XMLName xml.Name
	Body    struct {
		MsgID   string `xml:"GrpHdr>MsgId"`
		Reports []struct {
			Entries []camtEntry `xml:"Ntry"`
		} `xml:",any"`
	} `xml:",any"`
}

// ParseStatement reads a camt.053 or camt.054 document (versions 02, 04, 08) and returns our
// booked transactions. Anything it cannot trust is a StatementError and nothing is returned.
func ParseStatement(data []byte) (Statement, error) {
	var doc camtDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return Statement{}, &StatementError{Element: fmt.Sprintf("line %d", se.Line), Reason: "not well-formed XML: " + se.Msg}
		}
		return Statement{}, &StatementError{Element: "Document", Reason: "cannot be read: " + err.Error()}
	}
	format, ok := formats[doc.XMLName.Space]
	if doc.XMLName.Local != "Document" || !ok {
		return Statement{}, &StatementError{Element: "Document", Reason: fmt.Sprintf("namespace %q is not a camt.053 or camt.054 statement dost reads", doc.XMLName.Space)}
	}
	s := Statement{MsgID: strings.TrimSpace(doc.Body.MsgID), Format: format}
	if s.MsgID == "" {
		return s, &StatementError{Element: "GrpHdr/MsgId", Reason: "missing"}
	}
	for r, rep := range doc.Body.Reports {
		for i, e := range rep.Entries {
			txs, err := entryTxs(e, fmt.Sprintf("Stmt[%d]/Ntry[%d]", r+1, i+1))
			if err != nil {
				return Statement{}, err
			}
			s.Txs = append(s.Txs, txs...)
		}
	}
	return s, nil
}

func entryTxs(e camtEntry, path string) ([]Tx, error) {
	status := strings.TrimSpace(e.Sts.Cd)
	if status == "" {
		status = strings.TrimSpace(e.Sts.Text)
	}
	if err := entryAddsUp(e, path); err != nil {
		return nil, err
	}
	var out []Tx
	for d, det := range e.Details {
		for j, t := range det.Txs {
			id := strings.TrimSpace(t.EndToEndID)
			if !ourID.MatchString(id) {
				continue
			}
			p := fmt.Sprintf("%s/NtryDtls[%d]/TxDtls[%d]", path, d+1, j+1)
			if status != "BOOK" {
				continue // pending or informational entries settle nothing
			}
			tx, err := readTx(t, e, p)
			if err != nil {
				return nil, err
			}
			out = append(out, tx)
		}
	}
	return out, nil
}

func readTx(t camtTx, e camtEntry, p string) (Tx, error) {
	amt := t.Amt
	if amt == nil {
		amt = t.TxAmt
	}
	if amt == nil {
		return Tx{}, &StatementError{Element: p + "/Amt", Reason: "missing"}
	}
	a, err := money.Parse(amt.Value)
	if err != nil {
		return Tx{}, &StatementError{Element: p + "/Amt", Reason: err.Error()}
	}
	ind := strings.TrimSpace(t.CdtDbtInd)
	if ind == "" {
		ind = strings.TrimSpace(e.CdtDbtInd)
	}
	if ind != "DBIT" && ind != "CRDT" {
		return Tx{}, &StatementError{Element: p + "/CdtDbtInd", Reason: fmt.Sprintf("%q is neither DBIT nor CRDT", ind)}
	}
	tx := Tx{Path: p, EndToEndID: strings.TrimSpace(t.EndToEndID), Amount: a, Currency: amt.Ccy, Debit: ind == "DBIT", Return: strings.TrimSpace(t.Return)}
	if !tx.Debit && tx.Return == "" {
		return Tx{}, &StatementError{Element: p, Reason: "a credit of one of our payments without a return reason (RtrInf/Rsn/Cd)"}
	}
	return tx, nil
}

// entryAddsUp checks that an entry made only of our payments, in the entry's currency, has
// the sum of their amounts: a statement that does not add up is not trusted. Entries that
// mix in other movements or currencies are left to the per-payment checks.
func entryAddsUp(e camtEntry, path string) error {
	total, err := money.Parse(e.Amt.Value)
	if err != nil {
		return &StatementError{Element: path + "/Amt", Reason: err.Error()}
	}
	var sum money.Amount
	n := 0
	for _, det := range e.Details {
		for _, t := range det.Txs {
			amt := t.Amt
			if amt == nil {
				amt = t.TxAmt
			}
			if amt == nil || amt.Ccy != e.Amt.Ccy || !ourID.MatchString(strings.TrimSpace(t.EndToEndID)) {
				return nil
			}
			a, err := money.Parse(amt.Value)
			if err != nil {
				return nil // reported with the transaction's own path
			}
			sum, n = sum+a, n+1
		}
	}
	if n > 0 && sum != total {
		return &StatementError{Element: path + "/Amt", Reason: fmt.Sprintf("the entry says %s but its transactions add up to %s", total, sum)}
	}
	return nil
}
