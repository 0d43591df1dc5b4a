package importer

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// workbook writes rows into a new workbook's first sheet from A1 (shared strings, as Excel
// writes text), then a cell far to the right and a row further down.
func workbook(t testing.TB, rows ...[]any) []byte {
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadXLSX: rows come with their own numbers, texts from the shared strings, numbers as
// stored, a missing cell as "", a gap of rows skipped.
func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"FIN", "Month", "Amount", "Source"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"5ABCD12", "2026-09", 450.5, "sspf"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"7ZZZZ99", nil, 12, true})
	f.SetCellRichText("Sheet1", "D5", []excelize.RichTextRun{{Text: "ta"}, {Text: "x"}})
	var buf bytes.Buffer
	f.Write(&buf)
	src, err := newXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	want := []struct {
		line  int64
		cells []string
	}{
		{1, []string{"FIN", "Month", "Amount", "Source"}},
		{2, []string{"5ABCD12", "2026-09", "450.5", "sspf"}},
		{4, []string{"7ZZZZ99", "", "12", "TRUE"}},
		{5, []string{"", "", "", "tax"}},
	}
	for _, w := range want {
		line, cells, err := src.Next()
		if err != nil || line != w.line || !slices.Equal(cells, w.cells) {
			t.Fatalf("line %d %q %v, want line %d %q", line, cells, err, w.line, w.cells)
		}
	}
	if _, _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last row: %v", err)
	}
	if _, err := newXLSX(bytes.NewReader([]byte("fin,month\n")), 10); !errors.Is(err, errNotXLSX) {
		t.Fatalf("a CSV named .xlsx: %v", err)
	}
}

// TestXLSXImportLeavesNothingInTempDir: a workbook is read where the upload is kept, so
// no copy of the file — personal data — is in the temporary directory while its lines are
// read, nor after an import that succeeds, one that fails (a line the kind cannot store) or
// one refused (not a workbook).
func TestXLSXImportLeavesNothingInTempDir(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tmp := filepath.Join(t.TempDir(), "tmp")
		if err := os.Mkdir(tmp, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv("TMPDIR", tmp)
		if os.TempDir() != tmp {
			t.Fatalf("TMPDIR not in force: %s", os.TempDir())
		}
		s := New(d, audit.New(d, clock.System{}))
		s.Register(Kind{Name: "test.people", Columns: []string{"fin", "name"}, Entity: "person", Purpose: "income import",
			Line: func(ctx context.Context, q db.Querier, v map[string]string) (Store, error) {
				if left, _ := os.ReadDir(tmp); len(left) > 0 { // while the file is being read
					return nil, errors.New("a copy of the upload is in the temporary directory")
				}
				switch v["fin"] {
				case "":
					return nil, fail.Fields{{Name: "fin", Key: "import.required"}}
				case "BROKEN1":
					return nil, errors.New("the store is down")
				}
				return func(context.Context, *sql.Tx) (Outcome, error) { return Added, nil }, nil
			}})
		ctx := context.Background()
		for _, c := range []struct {
			name, state string
			body        []byte
		}{
			{"good.xlsx", Done, workbook(t, []any{"fin", "name"}, []any{"5ABCD12", "Rəşad Məmmədov"}, []any{"", "Aysel"})},
			{"broken.xlsx", Failed, workbook(t, []any{"fin", "name"}, []any{"BROKEN1", "Rəşad Məmmədov"})},
			{"csv.xlsx", Refused, []byte("fin,name\n5ABCD12,Rəşad Məmmədov\n")},
		} {
			up, err := s.Upload(ctx, "test.people", c.name, GoodLines, bytes.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			runErr := s.Run(ctx, up.ID, nil)
			got, err := s.Get(ctx, up.ID)
			if err != nil || got.State != c.state || c.state == Failed && runErr == nil {
				t.Fatalf("%s: %+v %v (run: %v)", c.name, got, err, runErr)
			}
			if c.state == Done && (got.Added != 1 || got.Bad != 1 || got.Done != got.Size) {
				t.Fatalf("%s: %+v", c.name, got)
			}
			left, err := os.ReadDir(tmp)
			if err != nil || len(left) > 0 {
				t.Fatalf("%s: %d files left in the temporary directory (%v)", c.name, len(left), err)
			}
		}
	})
}

// FuzzXLSXLines: whatever the bytes of an uploaded workbook, reading it ends, never panics and
// numbers its rows in increasing order.
func FuzzXLSXLines(f *testing.F) {
	f.Add(workbook(f, []any{"fin", "month", "amount", "source"}, []any{"5ABCD12", "2026-09", 450.5, "sspf"}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := newXLSX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		defer src.Close()
		last := int64(0)
		for range 1 << 16 {
			line, _, err := src.Next()
			if err != nil {
				return
			}
			if line <= last {
				t.Fatalf("row %d after row %d", line, last)
			}
			last = line
		}
	})
}
