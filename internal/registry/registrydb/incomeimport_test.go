package registrydb_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/importer"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// importIncome uploads body as name in mode and works the import at once, as its job would.
func importIncome(t *testing.T, imp *importer.Service, name, mode string, body []byte) importer.Import {
	t.Helper()
	up, err := imp.Upload(officer, registrydb.IncomeKind, name, mode, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Run(officer, up.ID, nil); err != nil {
		t.Fatal(err)
	}
	got, err := imp.Get(context.Background(), up.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func importerFor(t testing.TB, d *db.DB) *importer.Service {
	imp := importer.New(d, audit.New(d, clock.System{}))
	imp.Register(registrydb.IncomeImport(&clock.Fixed{T: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}))
	imp.Batch = 2 // several batches even in a small file
	return imp
}

const mixedFile = "\uFEFFfin;month;amount;source\n" + // a spreadsheet's export: BOM, semicolons, decimal commas
	"5ABCD12;2026-09;450,50;sspf\n" +
	"5ABCD12;2026-13;12;sspf\n" + // bad month
	"\n" +
	"7ZZZZ99;2026-09;1;tax\n" + // nobody with this FİN
	"5ABCD12;2026-10;abc;wage\n" + // bad amount and source on one line
	"5ABCD12;2026-10;0;declaration\n"

// TestImportIncomeModes: all-or-nothing refuses the file and stores nothing; good-lines keeps
// the good ones; both report every bad line with its number and column; importing the same
// file again counts its lines as unchanged.
func TestImportIncomeModes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		p := create(t, s, "5ABCD12", "Məmmədov", "Rəşad")
		imp := importerFor(t, d)
		wantErrs := "3:month:invalid.income_month 5:fin:invalid.income_unknown_fin 6:amount:invalid.income_amount 6:source:invalid.income_source"
		errsOf := func(id int64) string {
			errs, err := imp.Errors(context.Background(), id, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range errs {
				out = append(out, strconv.FormatInt(e.Line, 10)+":"+e.Column+":"+e.Key)
			}
			return strings.Join(out, " ")
		}
		all := importIncome(t, imp, "income.csv", importer.AllOrNothing, []byte(mixedFile))
		if all.State != importer.Refused || all.Lines != 5 || all.Bad != 3 || all.Added != 0 || errsOf(all.ID) != wantErrs {
			t.Fatalf("all or nothing: %+v, errors %s", all, errsOf(all.ID))
		}
		if got, _ := s.Incomes(officer, p, clock.Month{Year: 2026, Month: 1}, clock.Month{Year: 2026, Month: 11}); len(got) != 0 {
			t.Fatalf("a refused file stored %+v", got)
		}
		good := importIncome(t, imp, "income.csv", importer.GoodLines, []byte(mixedFile))
		if good.State != importer.Done || good.Lines != 5 || good.Bad != 3 || good.Added != 2 || errsOf(good.ID) != wantErrs {
			t.Fatalf("good lines: %+v, errors %s", good, errsOf(good.ID))
		}
		again := importIncome(t, imp, "income.csv", importer.GoodLines, []byte(mixedFile))
		if again.Added != 0 || again.Changed != 0 || again.Unchanged != 2 {
			t.Fatalf("re-import: %+v", again)
		}
		got, _ := s.Incomes(officer, p, clock.Month{Year: 2026, Month: 1}, clock.Month{Year: 2026, Month: 11})
		if len(got) != 2 || got[1].Amount != 45050 || got[1].RecordedBy != "officer" {
			t.Fatalf("stored %+v", got)
		}
		var chunks int
		d.QueryRow(`SELECT COUNT(*) FROM import_chunks`).Scan(&chunks)
		if chunks != 0 {
			t.Fatalf("%d chunks of finished files kept", chunks)
		}
	})
}

// TestImportIncomeXLSXAndHeader: a workbook imports like a CSV; a file whose header lacks a
// column is refused as a whole, whatever the mode.
func TestImportIncomeXLSXAndHeader(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		create(t, s, "5ABCD12", "Məmmədov", "Rəşad")
		imp := importerFor(t, d)
		f := excelize.NewFile()
		rows := [][]any{{"FIN", "Month", "Amount", "Source"}, {"5abcd12", "2026-08", "100", "employer"}, {"5ABCD12", "2026-07", "-1", "employer"}}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Sheet1", cell, &r)
		}
		var buf bytes.Buffer
		f.Write(&buf)
		x := importIncome(t, imp, "income.xlsx", importer.GoodLines, buf.Bytes())
		if x.State != importer.Done || x.Added != 1 || x.Bad != 1 {
			t.Fatalf("xlsx: %+v", x)
		}
		h := importIncome(t, imp, "income.csv", importer.GoodLines, []byte("fin,month,amount,extra\n5ABCD12,2026-09,1,tax\n"))
		if h.State != importer.Refused || h.Reason != "import.bad_header" || h.Added != 0 {
			t.Fatalf("bad header: %+v", h)
		}
		errs, _ := imp.Errors(context.Background(), h.ID, 0, 10)
		if len(errs) != 2 || errs[0].Column != "extra" || errs[1].Column != "source" {
			t.Fatalf("header errors %+v", errs)
		}
	})
}
