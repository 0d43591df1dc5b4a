package importer

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

var columns = []string{"fin", "month", "amount", "source"}

// readAll splits a CSV file as a pass does: the header's errors, then each line's values or
// the reason it has none.
func readAll(t testing.TB, data []byte) (headErrs []LineError, lines []map[string]string, bad []int64) {
	src, err := newCSV(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, head, err := src.Next()
	if err != nil {
		return nil, nil, nil
	}
	idx, headErrs := header(head, columns)
	last := int64(0)
	for {
		line, cells, err := src.Next()
		if errors.Is(err, io.EOF) {
			return headErrs, lines, bad
		}
		if line < last {
			t.Fatalf("line %d after line %d", line, last)
		}
		last = line
		switch {
		case errors.Is(err, errBadQuotes):
			bad = append(bad, line)
		case err != nil:
			t.Fatalf("line %d: %v", line, err)
		case blank(cells):
		default:
			v, ok := values(cells, idx, len(head))
			if !ok {
				bad = append(bad, line)
				continue
			}
			if len(v) != len(idx) {
				t.Fatalf("line %d: %d values for %d columns", line, len(v), len(idx))
			}
			lines = append(lines, v)
		}
	}
}

func TestReadCSV(t *testing.T) {
	data := "\uFEFFFIN;Month;Amount;Source\n5ABCD12;2026-09;450,50;sspf\n\n\"7ZZ\"\"9\";2026-10;1;tax;\n1;2;3;4;5\nx\"y;2;3;4\n"
	headErrs, lines, bad := readAll(t, []byte(data))
	if len(headErrs) != 0 || len(lines) != 2 || lines[0]["amount"] != "450,50" || lines[1]["fin"] != `7ZZ"9` {
		t.Fatalf("header %v, lines %v", headErrs, lines)
	}
	if len(bad) != 2 || bad[0] != 5 || bad[1] != 6 {
		t.Fatalf("bad lines %v", bad)
	}
}

// FuzzCSVLines: whatever the bytes, reading a file as an import does ends, never panics,
// numbers lines in order and gives every good line exactly the header's columns.
func FuzzCSVLines(f *testing.F) {
	for _, seed := range []string{
		"fin,month,amount,source\n5ABCD12,2026-09,450.50,sspf\n",
		"\uFEFFfin;month;amount;source\r\n5ABCD12;2026-09;450,50;sspf\r\n",
		"fin,month,amount,source\n\"5AB\nCD12\",2026-09,1,tax\n",
		"fin,month,amount,source\n\"unterminated,2026-09,1,tax\n",
		"fin,month,amount,source,\n5ABCD12,2026-09,1,tax,,,\n,,,\n",
		"source,amount,month,fin,fin\nx\"y,1,2,3\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readAll(t, data)
	})
}
