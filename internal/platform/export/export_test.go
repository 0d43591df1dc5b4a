package export

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a table with what exports hold: Azerbaijani names, amounts, months, numbers.
func sample(t *testing.T, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	tb, err := New(&buf, f, "az", "Ödənişlər")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"FİN", "Ad", "Ay", "Məbləğ", "Aylar", "Səbəb"},
		{"1AB2C3D", "Hacıbəyli Samirə Kənan qızı", clock.Month{Year: 2026, Month: 11}, money.Amount(24000), int64(3), ""},
		{"9ZZ8Y7X", `Şükürov "Elçin", oğlu`, clock.Month{Year: 2026, Month: 1}, money.Amount(-5), 12, "Hesab bağlıdır"},
		// formula injection: text typed by someone is neutralised in CSV, negative numbers stay numbers
		{"5XY6Z7W", `=HYPERLINK("http://evil.example","Bax")`, clock.Month{Year: 2026, Month: 2}, money.Amount(-150000), -3, "@SUM(1+1)*cmd|' /C calc'!A0"},
	}
	for _, r := range rows {
		if err := tb.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	// a second table, under a name XLSX would refuse as it stands
	if err := tb.Sheet("Cəmi: noyabr/dekabr [2026] və sonrakı aylar"); err != nil {
		t.Fatal(err)
	}
	if err := tb.Row("Sətir", "Məbləğ", "Pay", "Bağlı"); err != nil {
		t.Fatal(err)
	}
	if err := tb.Row(int64(2), money.Amount(23995), 0.25, true); err != nil {
		t.Fatal(err)
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVMatchesGolden(t *testing.T) {
	got := sample(t, CSV)
	golden := filepath.Join("testdata", "sample.csv")
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("CSV differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// TestXLSXReadsBack opens the workbook with excelize and, as an outside reader, with
// Python's openpyxl (Debian's python3-openpyxl; .ci/run installs it): amounts are numbers,
// text keeps its letters, the header is the first row.
func TestXLSXReadsBack(t *testing.T) {
	data := sample(t, XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Ödənişlər")
	if err != nil || len(rows) != 4 || rows[1][1] != "Hacıbəyli Samirə Kənan qızı" || rows[1][3] != "240.00 ₼" || rows[2][3] != "-0.05 ₼" || rows[1][2] != "11.2026" {
		t.Fatalf("rows = %q, %v", rows, err)
	}
	if typ, _ := f.GetCellType("Ödənişlər", "D2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("amount cell type %v", typ)
	}
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[1] != "Cəmi- noyabr-dekabr -2026- və s" {
		t.Fatalf("sheets %q", sheets)
	}

	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import openpyxl").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-openpyxl missing: .ci/run installs it")
		}
		t.Skip("python3-openpyxl not installed")
	}
	path := filepath.Join(t.TempDir(), "t.xlsx")
	os.WriteFile(path, data, 0o600)
	out, err := exec.Command(py, "-c", `import openpyxl, sys
for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:
    print(ws.title)
    for row in ws.iter_rows(values_only=True):
        print("|".join("" if v is None else repr(v) for v in row))`, path).CombinedOutput()
	want := "Ödənişlər\n'FİN'|'Ad'|'Ay'|'Məbləğ'|'Aylar'|'Səbəb'\n" +
		"'1AB2C3D'|'Hacıbəyli Samirə Kənan qızı'|datetime.datetime(2026, 11, 1, 0, 0)|240.0|3|\n" +
		"'9ZZ8Y7X'|'Şükürov \"Elçin\", oğlu'|datetime.datetime(2026, 1, 1, 0, 0)|-0.05|12|'Hesab bağlıdır'\n" +
		"'5XY6Z7W'|'=HYPERLINK(\"http://evil.example\",\"Bax\")'|datetime.datetime(2026, 2, 1, 0, 0)|-1500.0|-3|\"@SUM(1+1)*cmd|' /C calc'!A0\"\n" +
		"Cəmi- noyabr-dekabr -2026- və s\n'Sətir'|'Məbləğ'|'Pay'|'Bağlı'\n2|239.95|0.25|True\n"
	if err != nil || string(out) != want {
		t.Fatalf("openpyxl read:\n%s\nwant:\n%s(%v)", out, want, err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": CSV, "csv": CSV, "xlsx": XLSX} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	var fields fail.Fields
	if _, err := ParseFormat("pdf"); !errors.As(err, &fields) || fields[0].Key != "invalid.table_format" {
		t.Errorf("pdf: %v", err)
	}
}

func TestFits(t *testing.T) {
	var fields fail.Fields
	rows := func(n int64) func() (int64, error) { return func() (int64, error) { return n, nil } }
	uncounted := func() (int64, error) { return 0, errors.New("counted a CSV download") }
	if Fits(XLSX, rows(MaxXLSXRows-1)) != nil || Fits(CSV, uncounted) != nil ||
		!errors.As(Fits(XLSX, rows(MaxXLSXRows)), &fields) || fields[0].Args["Max"] != MaxXLSXRows-1 {
		t.Fatal("a worksheet's limit is not where Excel has it, or CSV downloads pay for counting")
	}
}

// BenchmarkRows writes payment-line-shaped rows, per format (docs/PERFORMANCE.md).
func BenchmarkRows(b *testing.B) {
	for _, f := range []Format{CSV, XLSX} {
		b.Run(string(f), func(b *testing.B) {
			tb, err := New(io.Discard, f, "az", "lines")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				tb.Row("D1E1R", int64(i), "1SL8VXN", "Məmmədov Elşən Şahin oğlu", "AZ14IBAZ00562133713533992278", "IBAZ", "adi ödəniş",
					clock.Month{Year: 2026, Month: 1}, clock.Month{Year: 2026, Month: 11}, 11, money.Amount(329582), money.Amount(0), money.Amount(329582), "ödənişə", "")
			}
			if err := tb.Close(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// failing is a response whose client went away after a few kilobytes.
type failing struct{ left int }

func (w *failing) Write(p []byte) (int, error) {
	if w.left -= len(p); w.left < 0 {
		return 0, errors.New("connection reset")
	}
	return len(p), nil
}

// TestWriteErrorsStick writes a long table with another sheet into a connection that breaks
// on the way, checking no error but Close's, as the report does: nothing panics, and Close
// says what failed.
func TestWriteErrorsStick(t *testing.T) {
	for _, f := range []Format{CSV, XLSX} {
		tb, err := New(&failing{left: 4096}, f, "az", "a")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20000 {
			tb.Row("a row long enough to fill the buffers", i)
		}
		tb.Sheet("b")
		tb.Row("after the break")
		if err := tb.Close(); err == nil || !strings.Contains(err.Error(), "connection reset") {
			t.Errorf("%s: Close = %v", f, err)
		}
	}
}

// TestXLSXCellsAreTypedInTheReadersLocale: an amount, a day, a moment and a count are number
// cells — not text — shown through the number format of the reader's language (az: 1 234,56 ₼
// and 30.11.2026, the spreadsheet putting in its own separators; en: ₼1,234.56 and
// 30 Nov 2026), and a day's value is its date serial, so a spreadsheet sorts and sums them.
func TestXLSXCellsAreTypedInTheReadersLocale(t *testing.T) {
	at := time.Date(2026, 11, 30, 8, 30, 0, 0, time.UTC) // 12:30 in Baku
	for _, c := range []struct{ lang, money, date, moment, shownMoney, shownDate string }{
		{"az", `#,##0.00 "₼"`, "dd.mm.yyyy", "dd.mm.yyyy hh:mm", "1,234.56 ₼", "30.11.2026"},
		{"ru", `#,##0.00 "₼"`, "dd.mm.yyyy", "dd.mm.yyyy hh:mm", "1,234.56 ₼", "30.11.2026"},
		{"en", `"₼"#,##0.00`, "d mmm yyyy", "d mmm yyyy hh:mm", "₼1,234.56", "30 Nov 2026"},
	} {
		var buf bytes.Buffer
		tb, err := New(&buf, XLSX, c.lang, "s")
		if err != nil {
			t.Fatal(err)
		}
		tb.Row("amount", "day", "at", "count")
		tb.Row(money.Amount(123456), clock.NewDate(2026, 11, 30), at, 42)
		if err := tb.Close(); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range []struct{ ref, raw, format, shown string }{
			{"A2", "1234.56", c.money, c.shownMoney},
			{"B2", "46356", c.date, c.shownDate},
			{"C2", "46356.520833333", c.moment, ""},
			{"D2", "42", "", "42"},
		} {
			if typ, _ := f.GetCellType("s", cell.ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s %s: cell type %v, want a number", c.lang, cell.ref, typ)
			}
			raw, _ := f.GetCellValue("s", cell.ref, excelize.Options{RawCellValue: true})
			if raw != cell.raw {
				t.Errorf("%s %s: value %q, want %q", c.lang, cell.ref, raw, cell.raw)
			}
			id, _ := f.GetCellStyle("s", cell.ref)
			style, err := f.GetStyle(id)
			format := ""
			if err == nil && style.CustomNumFmt != nil {
				format = *style.CustomNumFmt
			}
			if format != cell.format {
				t.Errorf("%s %s: number format %q, want %q", c.lang, cell.ref, format, cell.format)
			}
			if shown, _ := f.GetCellValue("s", cell.ref); cell.shown != "" && shown != cell.shown {
				t.Errorf("%s %s: shown as %q, want %q", c.lang, cell.ref, shown, cell.shown)
			}
		}
		f.Close()
	}
}
