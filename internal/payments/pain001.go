package payments

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
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
	c, err := s.cycleIn(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	if c.Status != Approved && c.Status != Exported {
		return nil, fmt.Errorf("cycle is %s: only an approved cycle is exported: %w", c.Status, fail.ErrConflict)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	files, err := s.writeFiles(ctx, c, format, dir)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		e := audit.For(ctx, audit.Create, "payroll", "payment_file", f.MsgID, audit.Msg("bank_file", "Count", f.Lines, "Total", f.Total))
		if err := s.store.RecordFile(ctx, f, e); err != nil {
			return files, err
		}
	}
	return files, nil
}

// FileName is the name of a cycle's file for one bank in one format, the same every time the
// cycle is exported.
func FileName(c Cycle, bank, format string) string {
	return fmt.Sprintf("%s-%s-%s-%s.xml", c.Period, c.Program, bank, format)
}

// Files lists the bank files written for a cycle, each with its name (FileName) as Path.
func (s *Service) Files(ctx context.Context, cycleID int64) ([]File, error) {
	c, err := s.cycleIn(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	files, err := s.store.Files(ctx, cycleID)
	for i, f := range files {
		files[i].Path = FileName(c, f.Bank, f.Format)
	}
	return files, err
}

// body is the transfers of one bank's file, written to a temporary file beside it while its
// count and sum add up.
type body struct {
	tmp   *os.File
	w     *bufio.Writer
	lines int64
	total money.Amount
}

// writeFiles writes every bank's file from one pass over the cycle's lines in key order: each
// line goes to its bank's body while the bank's count and sum add up, then each file is
// written as its header (with those totals), its body and its end. The totals are those of
// the very lines in the file, read by one statement, so they cannot disagree with the
// database; a first pass summing per bank cost a quarter of the export (docs/PERFORMANCE.md).
func (s *Service) writeFiles(ctx context.Context, c Cycle, format, dir string) ([]File, error) {
	bodies := map[string]*body{}
	defer func() {
		for _, b := range bodies {
			b.tmp.Close()
			os.Remove(b.tmp.Name())
		}
	}()
	buf := make([]byte, 0, 512)
	err := s.store.EachPayableLine(ctx, c.ID, func(l Line) error {
		b := bodies[l.Bank]
		if b == nil {
			tmp, err := os.CreateTemp(dir, "."+l.Bank+"-*.part")
			if err != nil {
				return err
			}
			b = &body{tmp: tmp, w: bufio.NewWriterSize(tmp, 1<<16)}
			bodies[l.Bank] = b
		}
		b.lines, b.total = b.lines+1, b.total+l.Net
		buf = appendTx(buf[:0], c, l)
		_, err := b.w.Write(buf)
		return err
	})
	if err != nil {
		return nil, err
	}
	banks := slices.Sorted(maps.Keys(bodies))
	files := make([]File, 0, len(banks))
	for _, bank := range banks {
		f, err := s.writeFile(c, bank, bodies[bank], format, dir)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// writeFile writes one bank's file — header, body, end — hashing it as it goes.
func (s *Service) writeFile(c Cycle, bank string, b *body, format, dir string) (File, error) {
	f := File{CycleID: c.ID, Bank: bank, Format: format, Lines: b.lines, Total: b.total,
		MsgID: fmt.Sprintf("DOST-%s-%s-%s", c.Program, c.Period, bank)}
	if len(f.MsgID) > 35 {
		f.MsgID = f.MsgID[:35]
	}
	f.Path = filepath.Join(dir, FileName(c, bank, format))
	if err := b.w.Flush(); err != nil {
		return f, err
	}
	if _, err := b.tmp.Seek(0, io.SeekStart); err != nil {
		return f, err
	}
	out, err := os.Create(f.Path)
	if err != nil {
		return f, err
	}
	defer out.Close()
	hash := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(out, hash), 1<<16)
	s.writeHeader(w, c, f, format)
	if _, err := io.Copy(w, b.tmp); err != nil {
		return f, err
	}
	w.WriteString("</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n")
	if err := w.Flush(); err != nil {
		return f, err
	}
	f.SHA256 = hex.EncodeToString(hash.Sum(nil))
	return f, out.Sync()
}

// writeHeader writes the group header and the payment-information block of a bank's file.
func (s *Service) writeHeader(w *bufio.Writer, c Cycle, f File, format string) {
	created, execution := bankDates(c.ApprovedAt)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:%s">
<CstmrCdtTrfInitn>
<GrpHdr><MsgId>%s</MsgId><CreDtTm>%s</CreDtTm><NbOfTxs>%d</NbOfTxs><CtrlSum>%s</CtrlSum><InitgPty><Nm>%s</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>%s</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>%d</NbOfTxs><CtrlSum>%s</CtrlSum>`,
		format, f.MsgID, created, f.Lines, f.Total, esc(s.payer.Name), f.MsgID, f.Lines, f.Total)
	agent := "BIC"
	if format == Pain00109 {
		agent = "BICFI"
		fmt.Fprintf(w, `<ReqdExctnDt><Dt>%s</Dt></ReqdExctnDt>`, execution)
	} else {
		fmt.Fprintf(w, `<ReqdExctnDt>%s</ReqdExctnDt>`, execution)
	}
	fmt.Fprintf(w, `<Dbtr><Nm>%s</Nm></Dbtr><DbtrAcct><Id><IBAN>%s</IBAN></Id><Ccy>AZN</Ccy></DbtrAcct><DbtrAgt><FinInstnId><%s>%s</%s></FinInstnId></DbtrAgt><ChrgBr>SLEV</ChrgBr>`+"\n",
		esc(s.payer.Name), s.payer.IBAN, agent, s.payer.BIC, agent)
}

// bankDates gives a file's creation time and requested execution date as the bank reads
// them: Baku time with its offset, and the Baku calendar date. In UTC a cycle approved
// between 00:00 and 04:00 Baku time would ask the bank to pay on the previous day.
func bankDates(approved time.Time) (created, execution string) {
	return approved.In(clock.Baku).Format("2006-01-02T15:04:05-07:00"), clock.DateOf(approved).String()
}

// appendTx appends one credit transfer to b. It is written by hand, not with fmt, as a
// national payroll writes a million of them. The end-to-end id, IBAN (checked when the line
// was prepared), programme code and months are plain ASCII; only the name needs escaping.
func appendTx(b []byte, c Cycle, l Line) []byte {
	b = append(b, `<CdtTrfTxInf><PmtId><EndToEndId>`...)
	b = append(b, l.EndToEndID...)
	b = append(b, `</EndToEndId></PmtId><Amt><InstdAmt Ccy="AZN">`...)
	b = l.Net.Append(b)
	b = append(b, `</InstdAmt></Amt><Cdtr><Nm>`...)
	b = appendEsc(b, l.Name)
	b = append(b, `</Nm></Cdtr><CdtrAcct><Id><IBAN>`...)
	b = append(b, l.IBAN...)
	b = append(b, `</IBAN></Id></CdtrAcct><RmtInf><Ustrd>`...)
	b = append(b, c.Program...)
	b = append(b, ' ')
	b = append(b, l.From.String()...)
	b = append(b, '-')
	b = append(b, l.To.String()...)
	return append(b, "</Ustrd></RmtInf></CdtTrfTxInf>\n"...)
}

// appendEsc appends s escaped for XML, cut to the 140 characters ISO 20022 names allow. Most
// names (Azerbaijani letters included) need neither, and are copied as they are.
func appendEsc(b []byte, s string) []byte {
	plain, ascii := true, true
	for i := 0; plain && i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '&', c == '<', c == '>', c == '"', c == '\'':
			plain = false
		case c >= 0x80:
			ascii = false
		}
	}
	if plain && (ascii && len(s) <= 140 || !ascii && utf8.ValidString(s) && utf8.RuneCountInString(s) <= 140 &&
		!strings.ContainsRune(s, '\uFFFE') && !strings.ContainsRune(s, '\uFFFF')) {
		return append(b, s...)
	}
	return append(b, esc(s)...)
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
