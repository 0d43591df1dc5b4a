package app_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	_ "github.com/dost-platform/dost/internal/app" // every domain, as the binary links them
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestEveryCatalogueIsRegistered: every messages/<language>.toml in the repository reaches the
// binary, so that no domain's texts show as raw keys because its package forgot to register
// them, and the binary speaks exactly the languages of the catalogues.
func TestEveryCatalogueIsRegistered(t *testing.T) {
	langs := map[string]bool{}
	n := 0
	err := filepath.WalkDir("../../internal", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".toml" || filepath.Base(filepath.Dir(p)) != "messages" {
			return err
		}
		lang := strings.TrimSuffix(filepath.Base(p), ".toml")
		langs[lang] = true
		var m map[string]any
		if _, err := toml.DecodeFile(p, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for k, v := range m {
			n++
			args := map[string]any{}
			if _, plural := v.(map[string]any); plural {
				args["Count"] = 2
			}
			if got := i18n.Tr(lang, k, args); got == k {
				t.Errorf("%s: %q is not registered", p, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 2000 {
		t.Fatalf("only %d messages found", n)
	}
	if len(i18n.Languages) != len(langs) || i18n.Languages[0] != "az" {
		t.Errorf("Languages %v, catalogues in %v", i18n.Languages, langs)
	}
	for _, l := range i18n.Languages {
		if !langs[l] {
			t.Errorf("%s is a language with no catalogue", l)
		}
	}
}

// TestTranslate: translations and template arguments, with the plural forms of real messages
// (CLDR: Russian one for 1, 21; few for 2–4, 22; many for 5–20, 11, 25).
func TestTranslate(t *testing.T) {
	if got := i18n.Tr("ru", "invalid.fin", nil); got == "invalid.fin" || got == i18n.Tr("en", "invalid.fin", nil) {
		t.Fatalf("ru invalid.fin = %q", got)
	}
	if got := i18n.Tr("en", "invalid.password_short", map[string]any{"Min": 8}); got != "At least 8 characters." {
		t.Fatalf("template: %q", got)
	}
	for _, c := range []struct {
		lang, key string
		n         int
		want      string
	}{
		{"ru", "person.age", 1, "1 год"}, {"ru", "person.age", 2, "2 года"}, {"ru", "person.age", 5, "5 лет"},
		{"ru", "person.age", 11, "11 лет"}, {"ru", "person.age", 21, "21 год"}, {"ru", "person.age", 22, "22 года"},
		{"en", "person.age", 1, "1 year"}, {"en", "person.age", 2, "2 years"}, {"az", "person.age", 1, "1 yaş"},
		{"en", "kiosk.ahead", 1, "1 person ahead of you."}, {"en", "kiosk.ahead", 2, "2 people ahead of you."},
		{"en", "application.days_left", 1, "1 working day"}, {"en", "application.days_left", 3, "3 working days"},
		{"ru", "application.days_left", 1, "1 рабочий день"}, {"ru", "application.days_left", 3, "3 рабочих дня"},
		{"ru", "application.days_left", 5, "5 рабочих дней"}, {"ru", "application.days_left", 21, "21 рабочий день"},
		{"ru", "catalogue.deadline", 21, "в течение 21 рабочего дня"}, {"ru", "catalogue.deadline", 5, "в течение 5 рабочих дней"},
	} {
		if got := i18n.TrN(c.lang, c.key, c.n, nil); got != c.want {
			t.Errorf("%s %s %d: %q, want %q", c.lang, c.key, c.n, got, c.want)
		}
	}
	// A field error carries its count as the argument Count.
	if got := i18n.Tr("ru", "invalid.too_many_documents", map[string]any{"Count": 10}); got != "Не более 10 файлов." {
		t.Errorf("field error: %q", got)
	}
}
