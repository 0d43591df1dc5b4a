// Package export writes the tables people download: CSV for other systems, XLSX for people
// who work in spreadsheets. Rows are written one at a time straight to the response, so a
// million-row table streams in bounded memory whatever its format.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Format is a table file format.
type Format string

// The formats a table can be downloaded in.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat reads a format from the request parameter "format"; empty means CSV.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case "", CSV:
		return CSV, nil
	case XLSX:
		return XLSX, nil
	}
	return "", fail.Fields{{Name: "format", Key: "invalid.table_format"}}
}

// MaxXLSXRows is how many rows a worksheet holds, its header included (Excel's limit).
const MaxXLSXRows = 1 << 20

// Fits refuses, before anything is written, a table longer than format f holds: more rows
// than a worksheet takes must be downloaded as CSV. rows counts the table's data rows; it is
// called only for a format with a limit, as counting a large table is not free.
func Fits(f Format, rows func() (int64, error)) error {
	if f != XLSX {
		return nil
	}
	n, err := rows()
	if err == nil && n >= MaxXLSXRows {
		err = fail.Fields{{Name: "format", Key: "invalid.xlsx_rows", Args: map[string]any{"Rows": n, "Max": MaxXLSXRows - 1}}}
	}
	return err
}

// Table receives a table's rows, the header first. Cells may be strings, whole numbers,
// fractions, money amounts, days (clock.Date), months (clock.Month), moments (time.Time) or
// anything with a String method. The cell's Go type decides how it is written: CSV, for
// machines, writes ISO dates and dot decimals; XLSX, for people, writes amounts, days, months
// and moments as numbers with a number format in the reader's language (1 234,56 ₼ and
// 30.11.2026 in Azerbaijani), so a spreadsheet sums and sorts them. A write that fails makes every later one fail with the same error, and Close
// returns it, so a writer may check only Close.
type Table interface {
	Row(cells ...any) error
	// Sheet starts another table in the same file, its header first: a worksheet of its own
	// in XLSX, after an empty line in CSV.
	Sheet(name string) error
	// Close finishes the file; nothing is complete before it.
	Close() error
}

// Header is a table's header row: in CSV, for machines, the columns' names as given; in XLSX,
// for people, what lang calls each (the message prefix+name), never a raw name.
func Header(f Format, lang, prefix string, names ...string) []any {
	row := make([]any, len(names))
	for i, n := range names {
		row[i] = n
		if f == XLSX {
			row[i] = i18n.Tr(lang, prefix+n, nil)
		}
	}
	return row
}

// New starts a table in format f on w for a reader of lang (az, en or ru: XLSX's formats of
// amounts and dates); sheet names the XLSX worksheet.
func New(w io.Writer, f Format, lang, sheet string) (Table, error) {
	if f == XLSX {
		return newXLSX(w, lang, sheet)
	}
	return &csvTable{w: csv.NewWriter(w)}, nil
}

// Send writes a table as the response, saved as name plus the format's extension, for a
// reader of lang (i18n.Lang of the request's context); fill writes its rows. It returns the first error, by which time part of the file may have gone
// out: the caller then aborts the response (panic(http.ErrAbortHandler)), so the browser
// reports a failed download instead of keeping a file that silently lacks its end.
func Send(w http.ResponseWriter, f Format, lang, name, sheet string, fill func(Table) error) error {
	ctype := "text/csv; charset=utf-8"
	if f == XLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+"."+string(f)))
	t, err := New(w, f, lang, sheet)
	if err != nil {
		return err
	}
	if err := fill(t); err != nil {
		return err
	}
	return t.Close()
}

type csvTable struct{ w *csv.Writer }

func (t *csvTable) Row(cells ...any) error {
	record := make([]string, len(cells))
	for i, c := range cells {
		record[i] = csvCell(c)
	}
	return t.w.Write(record)
}

func (t *csvTable) Sheet(string) error { return t.w.Write(nil) }

func (t *csvTable) Close() error {
	t.w.Flush()
	return t.w.Error()
}

// csvCell is a cell as CSV writes it. A text cell a spreadsheet would read as a formula
// (a name or a comment typed as "=HYPERLINK(...)") is neutralised; a number is not, so that a
// negative amount stays a number. The cell's Go type says which it is, not its text.
func csvCell(c any) string {
	if isNumber(c) {
		return text(c)
	}
	return Neutralise(text(c))
}

// isNumber says whether a cell is a number, written as one: money amounts, whole numbers,
// fractions and booleans; any other type with a String method is text.
func isNumber(c any) bool {
	if _, ok := c.(money.Amount); ok {
		return true
	}
	if _, ok := c.(fmt.Stringer); ok || c == nil {
		return false
	}
	switch reflect.ValueOf(c).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// Neutralise makes text that starts like a formula (=, +, -, @, a tab or a carriage return)
// inert by prefixing an apostrophe, as OWASP advises for CSV: a spreadsheet then shows the
// text instead of running it.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// text is a cell as text.
func text(c any) string {
	switch v := c.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time: // a moment, for machines: RFC 3339 in UTC
		return v.UTC().Format(time.RFC3339)
	case fmt.Stringer: // money.Amount, clock.Date, clock.Month
		return v.String()
	}
	return fmt.Sprint(c)
}
