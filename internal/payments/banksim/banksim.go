// Package banksim plays the paying bank where dost cannot reach a real one — the demo and the
// tests: it answers a payment file with the camt.054 debit/credit notification a bank sends
// for the payer's account, a booked debit for each transfer paid and a credit with the ISO
// 20022 reason code for each one returned. It is a simulator behind the same statement path
// a real bank's file takes (payments.Service.Reconcile), never a shortcut around it.
package banksim

import (
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/money"
)

// Transfer is one payment of a file, and the bank's answer to it.
type Transfer struct {
	EndToEndID string
	Amount     money.Amount
	Return     string // ISO 20022 return reason (AC04, AM05…); empty when paid
}

// Camt054 writes the notification the bank sends at `at` for the payer's account about
// transfers.
func Camt054(msgID, account string, at time.Time, transfers []Transfer) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>%s</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>
<Ntfctn><Id>%s</Id><Acct><Id><IBAN>%s</IBAN></Id></Acct>`, msgID, at.Format("2006-01-02T15:04:05"), msgID, account)
	for _, tr := range transfers {
		ind := "DBIT"
		if tr.Return != "" {
			ind = "CRDT"
		}
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="AZN">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BkTxCd><Prtry><Cd>TRF</Cd></Prtry></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs><Amt Ccy="AZN">%s</Amt><CdtDbtInd>%s</CdtDbtInd>`, tr.Amount, ind, tr.EndToEndID, tr.Amount, ind)
		if tr.Return != "" {
			fmt.Fprintf(&b, `<RtrInf><Rsn><Cd>%s</Cd></Rsn></RtrInf>`, tr.Return)
		}
		b.WriteString("</TxDtls></NtryDtls></Ntry>\n")
	}
	b.WriteString("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n")
	return b.String()
}
