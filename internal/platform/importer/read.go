package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// source yields a file's rows one at a time with their line numbers (the header is line 1),
// so that no file is held in memory whole.
type source interface {
	Next() (line int64, cells []string, err error) // io.EOF at the end
	Close() error
}

// csvSource reads CSV with a comma or a semicolon (what a spreadsheet in a locale with a
// decimal comma writes), a UTF-8 byte-order mark tolerated.
type csvSource struct {
	r *csv.Reader
}

func newCSV(r io.Reader) (*csvSource, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	head, _ := br.Peek(4 << 10)
	c := csv.NewReader(br)
	first, _, _ := bytes.Cut(head, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		c.Comma = ';'
	}
	c.FieldsPerRecord = -1 // a line with too few or too many cells is the line's error, not the file's
	c.ReuseRecord = true
	return &csvSource{r: c}, nil
}

func (s *csvSource) Next() (int64, []string, error) {
	cells, err := s.r.Read()
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		return int64(pe.StartLine), nil, errBadQuotes
	case err != nil:
		return 0, nil, err
	}
	line, _ := s.r.FieldPos(0) // a record read without error has at least one field
	return int64(line), cells, nil
}

func (s *csvSource) Close() error { return nil }

// errBadQuotes is a line the CSV reader could not split (a stray quote): that line's error.
var errBadQuotes = errors.New("bad quotes")

// header maps a kind's columns to their places in a file's first row: every column must be
// there once (in any order, any case), and nothing else.
func header(cells []string, columns []string) (map[string]int, []LineError) {
	idx := map[string]int{}
	var errs []LineError
	for i, c := range cells {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\uFEFF")))
		switch {
		case name == "" && i == len(cells)-1:
		case !contains(columns, name):
			errs = append(errs, LineError{Line: 1, Column: c, Key: "import.unknown_column"})
		default:
			if _, dup := idx[name]; dup {
				errs = append(errs, LineError{Line: 1, Column: name, Key: "import.duplicate_column"})
			}
			idx[name] = i
		}
	}
	for _, c := range columns {
		if _, ok := idx[c]; !ok {
			errs = append(errs, LineError{Line: 1, Column: c, Key: "import.missing_column"})
		}
	}
	return idx, errs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// values picks a line's cells by column, trimmed. A line with more cells than the header
// (beyond empty trailing ones) is refused as a whole.
func values(cells []string, idx map[string]int, width int) (map[string]string, bool) {
	for i := width; i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			return nil, false
		}
	}
	out := make(map[string]string, len(idx))
	for name, i := range idx {
		if i < len(cells) {
			out[name] = strings.TrimSpace(cells[i])
		} else {
			out[name] = ""
		}
	}
	return out, true
}

// blank reports a line with nothing in it (spreadsheets end files with them).
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
