package payments

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Payment file formats.
const (
	Pain00109 = "pain.001.001.09"
	Pain00103 = "pain.001.001.03"
)

// Export writes one pain.001 file per paying bank of an approved cycle into dir, and marks
// the lines exported. Files are deterministic: the same cycle always gives the same bytes,
// so re-exporting after a failed transfer is safe.
func (s *Service) Export(ctx context.Context, cycleID int64, format, dir string) ([]File, error) {
	if format != Pain00109 && format != Pain00103 {
		return nil, fail.Fields{{Name: "format", Key: "invalid.format"}}
	}
	c, err := s.store.CycleByID(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	if c.Status != Approved && c.Status != Exported {
		return nil, fmt.Errorf("cycle is %s: only an approved cycle is exported: %w", c.Status, fail.ErrConflict)
	}
	banks, err := s.store.BankTotals(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	var files []File
	for _, b := range banks {
		f, err := s.writeFile(ctx, c, b, format, dir)
		if err != nil {
			return files, err
		}
		e := audit.For(ctx, audit.Create, "payroll", "payment_file", f.MsgID, fmt.Sprintf("%d lines, %s AZN", f.Lines, f.Total))
		if err := s.store.RecordFile(ctx, f, e); err != nil {
			return files, err
		}
		files = append(files, f)
	}
	return files, nil
}

func (s *Service) writeFile(ctx context.Context, c Cycle, b BankTotal, format, dir string) (File, error) {
	f := File{CycleID: c.ID, Bank: b.Bank, Format: format, Lines: b.Lines, Total: b.Total,
		MsgID: fmt.Sprintf("DOST-%s-%s-%s", c.Program, c.Period, b.Bank)}
	if len(f.MsgID) > 35 {
		f.MsgID = f.MsgID[:35]
	}
	f.Path = filepath.Join(dir, fmt.Sprintf("%s-%s-%s-%s.xml", c.Period, c.Program, b.Bank, format))
	out, err := os.Create(f.Path)
	if err != nil {
		return f, err
	}
	defer out.Close()
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(out, h), 1<<16)
	if err := s.writePain(ctx, w, c, f, format); err != nil {
		return f, err
	}
	if err := w.Flush(); err != nil {
		return f, err
	}
	f.SHA256 = hex.EncodeToString(h.Sum(nil))
	return f, out.Sync()
}

// writePain streams the document: header and payment-information block from the bank's
// totals, then the transactions a keyset page at a time.
func (s *Service) writePain(ctx context.Context, w *bufio.Writer, c Cycle, f File, format string) error {
	created := c.ApprovedAt.UTC().Format("2006-01-02T15:04:05")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:%s">
<CstmrCdtTrfInitn>
<GrpHdr><MsgId>%s</MsgId><CreDtTm>%s</CreDtTm><NbOfTxs>%d</NbOfTxs><CtrlSum>%s</CtrlSum><InitgPty><Nm>%s</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>%s</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>%d</NbOfTxs><CtrlSum>%s</CtrlSum>`,
		format, f.MsgID, created, f.Lines, f.Total, esc(s.payer.Name), f.MsgID, f.Lines, f.Total)
	execution := c.ApprovedAt.UTC().Format("2006-01-02")
	if format == Pain00109 {
		fmt.Fprintf(w, `<ReqdExctnDt><Dt>%s</Dt></ReqdExctnDt>`, execution)
	} else {
		fmt.Fprintf(w, `<ReqdExctnDt>%s</ReqdExctnDt>`, execution)
	}
	agent := "BIC"
	if format == Pain00109 {
		agent = "BICFI"
	}
	fmt.Fprintf(w, `<Dbtr><Nm>%s</Nm></Dbtr><DbtrAcct><Id><IBAN>%s</IBAN></Id><Ccy>AZN</Ccy></DbtrAcct><DbtrAgt><FinInstnId><%s>%s</%s></FinInstnId></DbtrAgt><ChrgBr>SLEV</ChrgBr>`+"\n",
		esc(s.payer.Name), s.payer.IBAN, agent, s.payer.BIC, agent)
	var after int64
	for {
		lines, err := s.store.BankLines(ctx, c.ID, f.Bank, after, 5000)
		if err != nil {
			return err
		}
		for _, l := range lines {
			fmt.Fprintf(w, `<CdtTrfTxInf><PmtId><EndToEndId>%s</EndToEndId></PmtId><Amt><InstdAmt Ccy="AZN">%s</InstdAmt></Amt><Cdtr><Nm>%s</Nm></Cdtr><CdtrAcct><Id><IBAN>%s</IBAN></Id></CdtrAcct><RmtInf><Ustrd>%s %s-%s</Ustrd></RmtInf></CdtTrfTxInf>`+"\n",
				l.EndToEndID, l.Net, esc(l.Name), l.IBAN, c.Program, l.From, l.To)
			after = l.ID
		}
		if len(lines) < 5000 {
			break
		}
	}
	_, err := w.WriteString("</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n")
	return err
}

// esc escapes text for XML and keeps the 140 characters ISO 20022 names allow.
func esc(s string) string {
	if r := []rune(s); len(r) > 140 {
		s = string(r[:140])
	}
	var b []byte
	xml.EscapeText(&sliceWriter{&b}, []byte(s))
	return string(b)
}

type sliceWriter struct{ b *[]byte }

func (w *sliceWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }
