package web

import (
	"net/http"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// FormText reads a name given in every language from the fields layout.TextFields renders
// (name_az, name_en, …), as typed: the domain trims and checks it (i18n.Text.Trimmed and
// Missing), and a form shown again keeps what was typed.
func FormText(r *http.Request, name string) i18n.Text {
	t := i18n.Text{}
	for _, lang := range i18n.Languages {
		if v := r.PostFormValue(name + "_" + lang); v != "" {
			t[lang] = v
		}
	}
	return t
}
