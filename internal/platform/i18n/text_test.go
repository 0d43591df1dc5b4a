package i18n

import (
	"slices"
	"testing"
)

func TestTextIn(t *testing.T) {
	name := Text{"az": "Ünvanlı sosial yardım", "en": "Targeted social assistance"}
	if got := name.In("en"); got != "Targeted social assistance" {
		t.Errorf("en: %q", got)
	}
	if got := name.In("ru"); got != "Ünvanlı sosial yardım" {
		t.Errorf("ru falls back to az: %q", got)
	}
	if got := name.Missing(); !slices.Equal(got, []string{"ru"}) {
		t.Errorf("missing: %v", got)
	}
}

func TestTextRoundTrip(t *testing.T) {
	in := Text{"az": "Bakı \"Mərkəz\"", "en": "Baku", "ru": "Баку"}
	v, err := in.Value()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []any{v, []byte(v.(string))} {
		var out Text
		if err := out.Scan(src); err != nil {
			t.Fatal(err)
		}
		if len(out) != 3 || out["az"] != in["az"] || out["ru"] != "Баку" {
			t.Errorf("round trip of %T: %v", src, out)
		}
	}
	var empty Text
	if err := empty.Scan(nil); err != nil || empty == nil || empty.In("az") != "" {
		t.Errorf("NULL: %v %v", empty, err)
	}
	if err := empty.Scan("not json"); err == nil {
		t.Error("bad JSON scanned without error")
	}
}

func TestTextTrimmed(t *testing.T) {
	got := Text{"az": "  Bakı ", "en": "   ", "ru": "Баку"}.Trimmed()
	if len(got) != 2 || got["az"] != "Bakı" || got["ru"] != "Баку" {
		t.Errorf("trimmed: %v", got)
	}
	if missing := got.Missing(); !slices.Equal(missing, []string{"en"}) {
		t.Errorf("a name of spaces is missing: %v", missing)
	}
}
