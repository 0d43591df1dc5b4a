package layout

import (
	"context"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestTextFieldsFollowTheLanguages: a name's form has a field per language of the interface,
// with the value typed and the error of that language; a fourth language adds its field with
// no change to a form.
func TestTextFieldsFollowTheLanguages(t *testing.T) {
	defer func(saved []string) { i18n.Languages = saved }(i18n.Languages)
	i18n.Languages = append(i18n.Languages[:len(i18n.Languages):len(i18n.Languages)], "de")
	var b strings.Builder
	err := TextFields("name", "Name", i18n.Text{"az": "Fond", "de": "Fonds"}, map[string]string{"name_en": "required"}).
		Render(i18n.WithLang(context.Background(), "en"), &b)
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`name="name_az"`, `value="Fond"`, `name="name_en"`, `id="e-name_en"`, `name="name_ru"`,
		`name="name_de"`, `value="Fonds"`, "Name (Azerbaijani)", "Name (Russian)"} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in %s", want, html)
		}
	}
	if strings.Count(html, "<input") != 4 || strings.Count(html, `class="error"`) != 1 {
		t.Errorf("want 4 fields and 1 error: %s", html)
	}
}
