package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/platform/money"
)

// FuzzXLSXText writes any text — a name from the registry, a citizen's appeal — into a
// worksheet and reads the worksheet back as XML: it must parse, and the cell must hold the
// text, with only the characters XML cannot carry replaced by U+FFFD.
func FuzzXLSXText(f *testing.F) {
	for _, s := range []string{"Hacıbəyli Samirə", `<b>&"'`, "a\r\nb\tc", "\x00\x1f\ufffe", "\xff\xfe", " lead and trail "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var out bytes.Buffer
		tb, _ := New(&out, XLSX, "az", "s")
		tb.Row("h")
		tb.Row(s)
		if err := tb.Close(); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		part, err := zr.Open("xl/worksheets/sheet1.xml")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(part)
		var sheet struct {
			Rows []struct {
				Cells []struct {
					Text string `xml:"is>t"`
				} `xml:"c"`
			} `xml:"sheetData>row"`
		}
		if err := xml.Unmarshal(data, &sheet); err != nil {
			t.Fatalf("worksheet is not XML: %v\n%s", err, data)
		}
		want := carried(s)
		got := ""
		if len(sheet.Rows) == 2 && len(sheet.Rows[1].Cells) == 1 {
			got = sheet.Rows[1].Cells[0].Text
		}
		if want != "" && got != want {
			t.Fatalf("cell %q, want %q", got, want)
		}
	})
}

// carried is s as XML can carry it.
func carried(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 || !allowed(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		s = s[n:]
	}
	return b.String()
}

func allowed(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// FuzzCSVFormula writes any text into a CSV cell beside a negative amount and reads it back:
// no text cell may start as a formula, the neutralised text is the original behind one
// apostrophe, and the amount stays a plain negative number.
func FuzzCSVFormula(f *testing.F) {
	for _, s := range []string{"=1+1", "+994501234567", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", `=HYPERLINK("http://evil.example")`, "Hacıbəyli", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var out bytes.Buffer
		tb, _ := New(&out, CSV, "az", "s")
		tb.Row(s, money.Amount(-150000), -3)
		if err := tb.Close(); err != nil {
			t.Fatal(err)
		}
		rec, err := csv.NewReader(&out).Read()
		if err != nil {
			return // text that CSV cannot carry unchanged (a lone \r) is csv's concern, not this test's
		}
		got := rec[0]
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("%q is written as %q: a spreadsheet runs it", s, got)
		}
		if got != s && got != "'"+s {
			t.Fatalf("%q is written as %q", s, got)
		}
		if rec[1] != "-1500.00" || rec[2] != "-3" {
			t.Fatalf("negative numbers written as %q, %q", rec[1], rec[2])
		}
	})
}

// TestAttackXLSXFormula: text in a worksheet is an inline string, never a formula, and is
// kept exactly as typed.
func TestAttackXLSXFormula(t *testing.T) {
	attack := `=HYPERLINK("http://evil.example","Bax")`
	var out bytes.Buffer
	tb, _ := New(&out, XLSX, "az", "s")
	tb.Row("h", "amount")
	tb.Row(attack, money.Amount(-5))
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	part, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(part)
	if strings.Contains(string(data), "<f>") || strings.Contains(string(data), "<f ") {
		t.Fatalf("the worksheet holds a formula:\n%s", data)
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(attack))
	if !strings.Contains(string(data), `t="inlineStr"><is><t xml:space="preserve">`+esc.String()+`</t>`) || !strings.Contains(string(data), "<v>-0.05</v>") {
		t.Fatalf("the text is not an inline string as typed, or the amount not a number:\n%s", data)
	}
}
