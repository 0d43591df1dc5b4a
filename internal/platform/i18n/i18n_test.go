package i18n

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/dost-platform/dost/locales"
)

func keys(t *testing.T, lang string) []string {
	b, err := locales.FS.ReadFile(lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	var out []string
	for k, v := range m {
		if v == "" {
			t.Errorf("%s.json: %s is empty", lang, k)
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestEveryLanguageHasEveryKey(t *testing.T) {
	az := keys(t, "az")
	for _, l := range []string{"en", "ru"} {
		other := map[string]bool{}
		for _, k := range keys(t, l) {
			other[k] = true
		}
		for _, k := range az {
			if !other[k] {
				t.Errorf("%s.json lacks %q", l, k)
			}
			delete(other, k)
		}
		for k := range other {
			t.Errorf("%s.json has %q, which az.json lacks", l, k)
		}
	}
}

func TestTranslate(t *testing.T) {
	if got := Tr("ru", "invalid.fin", nil); got == "invalid.fin" || got == Tr("en", "invalid.fin", nil) {
		t.Fatalf("ru invalid.fin = %q", got)
	}
	if got := Tr("en", "invalid.password_short", map[string]any{"Min": 8}); got != "At least 8 characters." {
		t.Fatalf("template: %q", got)
	}
}
