package export

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// xlsxTable writes an Office Open XML workbook as a zip stream: each worksheet is deflated
// into the response as its rows come, and the parts that list the worksheets are written
// last, when all are known (a zip's parts may come in any order; its directory, at the end,
// names them). Strings are inline, so nothing accumulates per distinct value. Excelize, the
// library we tried first, builds the whole file in memory: 415 MiB more for a 1,000,000-line
// cycle (docs/PERFORMANCE.md).
type xlsxTable struct {
	lang   string // the reader's language: how dates and amounts are formatted
	zip    *zip.Writer
	w      *bufio.Writer // the current worksheet's part
	sheets []string
	row    int
	err    error // the first write that failed: every later call returns it
}

// Cell styles, as numbered in styles.xml's cellXfs.
const (
	styleHeader   = "1" // bold
	styleMoney    = "2" // two decimals and the manat sign
	styleDate     = "3" // a calendar day
	styleMonth    = "4" // a month
	styleDateTime = "5" // a moment, in Baku time
)

func newXLSX(w io.Writer, lang, sheet string) (*xlsxTable, error) {
	t := &xlsxTable{lang: lang, zip: zip.NewWriter(w)}
	return t, t.Sheet(sheet)
}

func (t *xlsxTable) Sheet(name string) error {
	if t.err == nil {
		t.err = t.startSheet(name)
	}
	return t.err
}

func (t *xlsxTable) startSheet(name string) error {
	if err := t.endSheet(); err != nil {
		return err
	}
	t.sheets = append(t.sheets, sheetName(name))
	part, err := t.zip.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(t.sheets)))
	if err != nil {
		return err
	}
	t.w, t.row = bufio.NewWriterSize(part, 64<<10), 0
	t.w.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
		`<sheetData>`)
	return nil
}

func (t *xlsxTable) endSheet() error {
	if t.w == nil {
		return nil
	}
	t.w.WriteString(`</sheetData></worksheet>`)
	err := t.w.Flush()
	t.w = nil
	return err
}

// Row writes one row; the first row of a sheet is its header, in bold. A row past what a
// worksheet holds is an error (callers check with Fits first).
func (t *xlsxTable) Row(cells ...any) error {
	if t.err != nil {
		return t.err
	}
	if t.row++; t.row > MaxXLSXRows {
		t.err = fmt.Errorf("xlsx: a worksheet holds %d rows", MaxXLSXRows)
		return t.err
	}
	r := strconv.Itoa(t.row)
	t.w.WriteString(`<row r="` + r + `">`)
	for i, c := range cells {
		ref := column(i) + r
		if t.row == 1 {
			t.inline(ref, text(c), styleHeader)
			continue
		}
		switch v := c.(type) {
		case nil:
		case money.Amount:
			t.styled(ref, v.String(), styleMoney)
		case clock.Date:
			if !v.IsZero() {
				t.styled(ref, strconv.Itoa(serial(v)), styleDate)
			}
		case clock.Month:
			t.styled(ref, strconv.Itoa(serial(v.First())), styleMonth)
		case time.Time:
			if !v.IsZero() {
				t.styled(ref, strconv.FormatFloat(serialTime(v), 'f', -1, 64), styleDateTime)
			}
		case int:
			t.number(ref, strconv.Itoa(v))
		case int64:
			t.number(ref, strconv.FormatInt(v, 10))
		case float64:
			t.number(ref, strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			t.w.WriteString(`<c r="` + ref + `" t="b"><v>` + strconv.Itoa(btoi(v)) + `</v></c>`)
		default:
			t.inline(ref, text(c), "")
		}
	}
	_, t.err = t.w.WriteString(`</row>`)
	return t.err
}

// styled writes a number cell shown through a style's number format.
func (t *xlsxTable) styled(ref, v, style string) {
	t.w.WriteString(`<c r="` + ref + `" s="` + style + `"><v>` + v + `</v></c>`)
}

// excelEpoch is day 0 of a spreadsheet's date serial numbers (1900 date system, as Excel
// counts it past its 29 February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial is a day as a spreadsheet stores a date: the days since excelEpoch.
func serial(d clock.Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Sub(excelEpoch).Hours() / 24)
}

// serialTime is a moment as a spreadsheet stores it: its Baku day's serial and the fraction
// of that day gone, to the second (a spreadsheet has no time zones; staff read Baku time).
func serialTime(t time.Time) float64 {
	b := t.In(clock.Baku)
	secs := b.Hour()*3600 + b.Minute()*60 + b.Second()
	return float64(serial(clock.DateOf(t))) + math.Round(float64(secs)/86400*1e9)/1e9
}

func (t *xlsxTable) number(ref, v string) {
	t.w.WriteString(`<c r="` + ref + `"><v>` + v + `</v></c>`)
}

// inline writes a string cell; xml.EscapeText also replaces characters XML cannot hold.
func (t *xlsxTable) inline(ref, s, style string) {
	if s == "" && style == "" {
		return
	}
	t.w.WriteString(`<c r="` + ref + `" t="inlineStr"`)
	if style != "" {
		t.w.WriteString(` s="` + style + `"`)
	}
	t.w.WriteString(`><is><t xml:space="preserve">`)
	xml.EscapeText(t.w, []byte(s))
	t.w.WriteString(`</t></is></c>`)
}

// sheetName makes a worksheet name as XLSX takes it: at most 31 characters, none of []:*?/\.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// column is the letters of a zero-based column index: A…Z, AA…
func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Close ends the last worksheet and writes the parts that tie the workbook together.
func (t *xlsxTable) Close() error {
	if t.err != nil {
		return t.err
	}
	if err := t.endSheet(); err != nil {
		return err
	}
	parts := map[string]string{
		"[Content_Types].xml":        t.contentTypes(),
		"_rels/.rels":                rootRels,
		"xl/workbook.xml":            t.workbook(),
		"xl/_rels/workbook.xml.rels": t.workbookRels(),
		"xl/styles.xml":              styles(t.lang),
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		part, err := t.zip.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(part, xml.Header+parts[name]); err != nil {
			return err
		}
	}
	return t.zip.Close()
}

func (t *xlsxTable) contentTypes() string {
	s := `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	for i := range t.sheets {
		s += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	return s + `</Types>`
}

func (t *xlsxTable) workbook() string {
	s := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`
	for i, name := range t.sheets {
		s += fmt.Sprintf(`<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(name), i+1, i+1)
	}
	return s + `</sheets></workbook>`
}

func (t *xlsxTable) workbookRels() string {
	s := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	for i := range t.sheets {
		s += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	return s + fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(t.sheets)+1) +
		`</Relationships>`
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

const rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

// formats are the number formats of amounts, days, months and moments for a reader of a
// language: Azerbaijani and Russian "1 234,56 ₼" and 30.11.2026, English "₼1,234.56" and
// 30 Nov 2026, as pages write them (i18n "format.*"). A format code always spells the
// thousands separator "," and the decimal sign "."; the spreadsheet shows the reader's own.
func formats(lang string) [4]string {
	if lang == "en" {
		return [4]string{`"₼"#,##0.00`, `d mmm yyyy`, `mmm yyyy`, `d mmm yyyy hh:mm`}
	}
	return [4]string{`#,##0.00 "₼"`, `dd.mm.yyyy`, `mm.yyyy`, `dd.mm.yyyy hh:mm`}
}

// styles holds the cell styles: default, bold (headers), then amounts, days, months and
// moments with lang's number formats (ids 164–167).
func styles(lang string) string {
	numFmts, xfs := "", ""
	for i, code := range formats(lang) {
		numFmts += fmt.Sprintf(`<numFmt numFmtId="%d" formatCode="%s"/>`, 164+i, escape(code))
		xfs += fmt.Sprintf(`<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, 164+i)
	}
	return `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="4">` + numFmts + `</numFmts>` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` + xfs + `</cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
