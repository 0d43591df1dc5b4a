package layout

import "github.com/a-h/templ"

// Invalid is what a form control with an error carries so that a screen reader announces
// it as invalid and reads its message (the <p class="error" id="e-name"> under it), as
// Field does for a text input: for selects and other controls a page builds itself,
// <select id="f-to" name="to" { layout.Invalid("to", msg)... }>. Without an error it adds
// nothing.
func Invalid(name, msg string) templ.Attributes {
	if msg == "" {
		return nil
	}
	return templ.Attributes{"aria-invalid": "true", "aria-describedby": "e-" + name}
}
