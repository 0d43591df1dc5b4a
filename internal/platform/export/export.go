// Package export writes the tables people download: CSV for other systems, XLSX for people
// who work in spreadsheets. Rows are written one at a time straight to the response, so a
// million-row table streams in bounded memory whatever its format.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/fail"
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
// fractions, money amounts (numbers with two decimals in XLSX) or anything with a String
// method. A write that fails makes every later one fail with the same error, and Close
// returns it, so a writer may check only Close.
type Table interface {
	Row(cells ...any) error
	// Sheet starts another table in the same file, its header first: a worksheet of its own
	// in XLSX, after an empty line in CSV.
	Sheet(name string) error
	// Close finishes the file; nothing is complete before it.
	Close() error
}

// New starts a table in format f on w; sheet names the XLSX worksheet.
func New(w io.Writer, f Format, sheet string) (Table, error) {
	if f == XLSX {
		return newXLSX(w, sheet)
	}
	return &csvTable{w: csv.NewWriter(w)}, nil
}

// Send writes a table as the response, saved as name plus the format's extension; fill
// writes its rows. It returns the first error, by which time part of the file may have gone
// out: the caller then aborts the response (panic(http.ErrAbortHandler)), so the browser
// reports a failed download instead of keeping a file that silently lacks its end.
func Send(w http.ResponseWriter, f Format, name, sheet string, fill func(Table) error) error {
	ctype := "text/csv; charset=utf-8"
	if f == XLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+"."+string(f)))
	t, err := New(w, f, sheet)
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
		record[i] = text(c)
	}
	return t.w.Write(record)
}

func (t *csvTable) Sheet(string) error { return t.w.Write(nil) }

func (t *csvTable) Close() error {
	t.w.Flush()
	return t.w.Error()
}

// text is a cell as CSV writes it.
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
	case fmt.Stringer: // money.Amount, clock.Date, clock.Month
		return v.String()
	}
	return fmt.Sprint(c)
}
