package workdays

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestLiveKeepsNamesInEveryLanguage: the calendar seeded from the shipped file and a day an
// administrator adds read back, after a restart, with their names in every language; a day
// whose name lacks a language is refused with an error on that language's field.
func TestLiveKeepsNamesInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *db.DB) {
		ctx := context.Background()
		l, err := Open(ctx, store)
		if err != nil {
			t.Fatal(err)
		}
		added := Day{Date: d("2026-12-31"), Off: true, Name: i18n.Text{"az": " Həmrəylik günü ", "en": "Solidarity Day", "ru": "День солидарности"}}
		if err := l.Set(ctx, added); err != nil {
			t.Fatal(err)
		}
		err = l.Set(ctx, Day{Date: d("2026-12-30"), Off: true, Name: i18n.Text{"az": "Sınaq", "en": " "}})
		var bad fail.Fields
		if !errors.As(err, &bad) || !slices.EqualFunc(bad, []string{"name_en", "name_ru"}, func(f fail.Field, name string) bool { return f.Name == name }) {
			t.Fatalf("a name without en and ru: %v", err)
		}
		again, err := Open(ctx, store) // as after a restart: from the table, not the file
		if err != nil {
			t.Fatal(err)
		}
		days := map[string]i18n.Text{}
		for _, day := range again.Get().Days() {
			days[day.Date.String()] = day.Name
		}
		if want := (i18n.Text{"az": "Yeni il", "en": "New Year", "ru": "Новый год"}); !maps.Equal(days["2025-01-01"], want) {
			t.Errorf("a shipped day: %v, want %v", days["2025-01-01"], want)
		}
		if want := (i18n.Text{"az": "Həmrəylik günü", "en": "Solidarity Day", "ru": "День солидарности"}); !maps.Equal(days["2026-12-31"], want) {
			t.Errorf("the added day: %v, want %v", days["2026-12-31"], want)
		}
		if _, ok := days["2026-12-30"]; ok {
			t.Error("the refused day was stored")
		}
	})
}
