package clock

import (
	"testing"
	"time"
)

// TestInWritesTheReadersDates: dates on pages in the reader's form (#12 item 15); String
// keeps ISO for files and inputs.
func TestInWritesTheReadersDates(t *testing.T) {
	d := NewDate(2026, 11, 30)
	for lang, want := range map[string]string{"az": "30.11.2026", "ru": "30.11.2026", "en": "30 Nov 2026"} {
		if got := d.In(lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := When(time.Date(2026, 11, 30, 22, 5, 0, 0, time.UTC), "az"); got != "01.12.2026 02:05" {
		t.Errorf("a moment is written in Baku time: %q", got)
	}
	if d.String() != "2026-11-30" {
		t.Error("String is no longer ISO")
	}
}

// TestMonthInNamesTheMonth: a payroll's period on pages is a month's name, not 2026-12
// (walk finding 4); String keeps YYYY-MM.
func TestMonthInNamesTheMonth(t *testing.T) {
	m := Month{2026, 12}
	for lang, want := range map[string]string{"az": "dekabr 2026", "ru": "декабрь 2026", "en": "December 2026"} {
		if got := m.In(lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if m.String() != "2026-12" {
		t.Error("String is no longer YYYY-MM")
	}
}
