package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
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
		tb, _ := New(&out, XLSX, "s")
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
