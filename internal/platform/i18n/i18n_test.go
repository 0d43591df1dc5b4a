package i18n

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// catalogue is one messages folder: language → key → a string, or a map of plural forms.
type catalogue map[string]map[string]any

// catalogues reads every messages/<language>.toml under internal/, by folder: the files
// themselves, whichever package embeds them.
func catalogues(t *testing.T) map[string]catalogue {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from the package folder: %v", err)
	}
	out := map[string]catalogue{}
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".toml" || filepath.Base(filepath.Dir(p)) != "messages" {
			return err
		}
		var m map[string]any
		if _, err := toml.DecodeFile(p, &m); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		dir, _ := filepath.Rel(root, filepath.Dir(p))
		if out[dir] == nil {
			out[dir] = catalogue{}
		}
		out[dir][strings.TrimSuffix(filepath.Base(p), ".toml")] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 5 {
		t.Fatalf("found %d messages folders; the walk is looking in the wrong place", len(out))
	}
	return out
}

// formsNeeded derives the CLDR plural categories of lang's cardinal numbers from
// golang.org/x/text's copy of the CLDR rules, by asking for the category of whole numbers up
// to 1000 and of numbers with one and two decimals: ru gives one, few, many and other (the
// last for fractions), az and en one and other.
func formsNeeded(lang string) []string {
	if f, ok := neededCache[lang]; ok {
		return f
	}
	tag := language.MustParse(lang)
	names := map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
		plural.Two: "two", plural.Few: "few", plural.Many: "many"}
	seen := map[string]bool{}
	for i := 0; i <= 1000; i++ {
		seen[names[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)]] = true
		for f := 1; f <= 9; f++ {
			seen[names[plural.Cardinal.MatchPlural(tag, i, 1, 1, f, f)]] = true
		}
		for f := 1; f <= 99; f += 7 {
			seen[names[plural.Cardinal.MatchPlural(tag, i, 2, 2, f, f)]] = true
		}
	}
	neededCache[lang] = slices.Sorted(maps.Keys(seen))
	return neededCache[lang]
}

var neededCache = map[string][]string{}

func TestFormsNeededFollowCLDR(t *testing.T) {
	for lang, want := range map[string]string{"az": "one other", "en": "one other", "ru": "few many one other"} {
		if got := strings.Join(formsNeeded(lang), " "); got != want {
			t.Errorf("%s needs %q, want %q", lang, got, want)
		}
	}
}

// TestEveryLanguageHasEveryKey: every messages folder has a catalogue in every language any
// folder has (so a fourth language is complete or absent), each with the keys of the
// Azerbaijani one, none empty, every template parses, and no key is defined by two folders.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	cats := catalogues(t)
	langs := map[string]bool{}
	for _, c := range cats {
		for l := range c {
			langs[l] = true
		}
	}
	if !langs["az"] || !langs["en"] || !langs["ru"] {
		t.Fatalf("languages %v: az, en and ru are the least the interface speaks", langs)
	}
	owner := map[string]string{}
	for dir, c := range cats {
		az := c["az"]
		if az == nil {
			t.Errorf("%s has no az.toml", dir)
			continue
		}
		for k := range az {
			if prev, ok := owner[k]; ok {
				t.Errorf("%q is defined in %s and in %s", k, prev, dir)
			}
			owner[k] = dir
		}
		for l := range langs {
			m := c[l]
			if m == nil {
				t.Errorf("%s has no %s.toml", dir, l)
				continue
			}
			for k := range az {
				if _, ok := m[k]; !ok {
					t.Errorf("%s/%s.toml lacks %q", dir, l, k)
				}
			}
			for k, v := range m {
				if _, ok := az[k]; !ok {
					t.Errorf("%s/%s.toml has %q, which az.toml lacks", dir, l, k)
				}
				texts := map[string]any{"": v}
				if forms, ok := v.(map[string]any); ok {
					texts = forms
				}
				for form, s := range texts {
					str, ok := s.(string)
					if !ok || strings.TrimSpace(str) == "" && !strings.HasPrefix(k, "format.") { // a separator may be a space
						t.Errorf("%s/%s.toml: %s %s is empty or not text", dir, l, k, form)
						continue
					}
					if _, err := template.New(k).Parse(str); err != nil {
						t.Errorf("%s/%s.toml: %s: %v", dir, l, k, err)
					}
				}
			}
		}
	}
}

// TestEveryPluralHasEveryForm: a message that is a table of plural forms in one language is
// one in every language, with exactly the forms CLDR gives that language (see formsNeeded).
func TestEveryPluralHasEveryForm(t *testing.T) {
	plurals := 0
	for dir, c := range catalogues(t) {
		for k := range c["az"] {
			isPlural := false
			for _, m := range c {
				if _, ok := m[k].(map[string]any); ok {
					isPlural = true
				}
			}
			if !isPlural {
				continue
			}
			plurals++
			for l, m := range c {
				forms, ok := m[k].(map[string]any)
				if !ok {
					t.Errorf("%s/%s.toml: %q is plural in another language but not here", dir, l, k)
					continue
				}
				if got, want := slices.Sorted(maps.Keys(forms)), formsNeeded(l); !slices.Equal(got, want) {
					t.Errorf("%s/%s.toml: %q has forms %v; %s needs %v", dir, l, k, got, l, want)
				}
			}
		}
	}
	if plurals < 10 {
		t.Errorf("only %d plural messages found", plurals)
	}
}

var people = fstest.MapFS{
	"az.toml": {Data: []byte(`"test.people" = { one = "{{.Count}} nəfər", other = "{{.Count}} nəfər" }
"test.plain" = "sadə"
`)},
	"en.toml": {Data: []byte(`"test.people" = { one = "{{.Count}} person", other = "{{.Count}} persons" }
"test.plain" = "plain"
`)},
	"ru.toml": {Data: []byte(`"test.people" = { one = "{{.Count}} человек", few = "{{.Count}} человека", many = "{{.Count}} человек", other = "{{.Count}} человека" }
`)},
}

func TestPluralChoosesTheForm(t *testing.T) {
	Register(people)
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 person"}, {"en", 2, "2 persons"}, {"en", 0, "0 persons"},
		{"ru", 1, "1 человек"}, {"ru", 2, "2 человека"}, {"ru", 5, "5 человек"}, {"ru", 11, "11 человек"},
		{"ru", 21, "21 человек"}, {"ru", 22, "22 человека"}, {"ru", 112, "112 человек"},
		{"az", 1, "1 nəfər"}, {"az", 5, "5 nəfər"},
	} {
		if got := TrN(c.lang, "test.people", c.n, nil); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
		// The same through Tr with Count, as a field error's arguments carry it.
		if got := Tr(c.lang, "test.people", map[string]any{"Count": c.n}); got != c.want {
			t.Errorf("Tr %s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := Tr("ru", "test.plain", nil); got != "sadə" {
		t.Errorf("a key Russian lacks: %q, want the Azerbaijani text", got)
	}
	if got := Tr("en", "test.nowhere", nil); got != "test.nowhere" {
		t.Errorf("a key no catalogue has: %q, want the key", got)
	}
	if got := Tr("xx", "test.plain", nil); got != "sadə" {
		t.Errorf("an unknown language: %q, want Azerbaijani", got)
	}
	if got := strings.Join(Languages, ","); got != "az,en,ru" {
		t.Errorf("Languages = %s", got)
	}
}

func TestRegisterRefusesAKeyDefinedTwice(t *testing.T) {
	Register(fstest.MapFS{"az.toml": {Data: []byte(`"test.twice" = "bir"` + "\n")}})
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "test.twice") {
			t.Fatalf("recovered %v, want a panic naming the key", r)
		}
	}()
	Register(fstest.MapFS{"other/az.toml": {Data: []byte(`"test.twice" = "iki"` + "\n")}})
}

func TestRegisterRefusesAFileNotNamedByLanguage(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for messages.toml")
		}
	}()
	Register(fstest.MapFS{"messages.toml": {Data: []byte(`"test.x" = "x"` + "\n")}})
}

func TestDefaultFirstThenByCode(t *testing.T) {
	saved := maps.Clone(localizers)
	defer func() { localizers = saved; Register(fstest.MapFS{}) }() // Register recomputes Languages
	Register(fstest.MapFS{"ka.toml": {Data: []byte(`"test.ka" = "ქართული"` + "\n")},
		"az.toml": {Data: []byte(`"test.ka" = "gürcü"` + "\n")}, "de.toml": {Data: []byte(`"test.ka" = "Georgisch"` + "\n")}})
	if got := strings.Join(Languages, ","); !strings.HasPrefix(got, "az,") || !slices.IsSorted(Languages[1:]) {
		t.Fatalf("Languages = %s", got)
	}
	if Supported("ka") != "ka" || Or("ka") != "ka" || Or("xx") != "az" || Tr("ka", "test.ka", nil) != "ქართული" {
		t.Fatalf("ka: Supported %q, Or %q, Tr %q", Supported("ka"), Or("ka"), Tr("ka", "test.ka", nil))
	}
}
