package programsdb_test

import (
	"errors"
	"maps"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/programs"
)

// TestProgrammeNamesInEveryLanguage: a programme defined with its name in every language
// reads back whole, by code and in the list; one whose name lacks a language is refused with
// an error on each missing language's field and not stored.
func TestProgrammeNamesInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		name := i18n.Text{"az": " Uşaq pulu ", "en": "Child benefit", "ru": "Детское пособие"}
		if _, err := w.progs.Define(officer, programs.Program{Code: "CHILD", Name: name, Kind: programs.Monthly,
			Unit: "person", Institution: "SSPF"}); err != nil {
			t.Fatal(err)
		}
		want := i18n.Text{"az": "Uşaq pulu", "en": "Child benefit", "ru": "Детское пособие"}
		p, err := w.store.ProgramByCode(officer, "CHILD")
		if err != nil || !maps.Equal(p.Name, want) {
			t.Fatalf("by code: %v %v, want %v", p.Name, err, want)
		}
		all, err := w.store.Programs(officer)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range all {
			if len(p.Name.Missing()) > 0 {
				t.Errorf("%s lacks a name: %v", p.Code, p.Name)
			}
		}
		_, err = w.progs.Define(officer, programs.Program{Code: "HALF", Name: i18n.Text{"az": "Yarım"}, Kind: programs.Monthly,
			Unit: "person", Institution: "SSPF"})
		var bad fail.Fields
		if !errors.As(err, &bad) || len(bad) != 2 || bad[0].Name != "name_en" || bad[1].Name != "name_ru" {
			t.Fatalf("a name in Azerbaijani only: %v", err)
		}
		if _, err := w.store.ProgramByCode(officer, "HALF"); err == nil {
			t.Error("the refused programme was stored")
		}
	})
}
