package i18n

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
)

// Text is a name given in several languages — a programme, an institution, a service, a
// holiday — keyed by language code: {"az": "…", "en": "…", "ru": "…"}. It is stored as one
// JSON column, so that a fourth language is a new key in the data, not a new column in every
// table and a new branch in every switch.
type Text map[string]string

// In returns the text in lang; where it has not been translated into lang, the Azerbaijani
// text, so that a gap shows the official name rather than nothing.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[Languages[0]]
}

// Missing lists the languages of the interface the text is not given in, in the order of
// Languages: for forms that must refuse a name without one.
func (t Text) Missing() []string {
	var out []string
	for _, l := range Languages {
		if t[l] == "" {
			out = append(out, l)
		}
	}
	return out
}

// Trimmed returns the text with spaces trimmed from each language and the blank ones left
// out, as a form reads it: a name of spaces is a missing name.
func (t Text) Trimmed() Text {
	out := Text{}
	for lang, s := range t {
		if s = strings.TrimSpace(s); s != "" {
			out[lang] = s
		}
	}
	return out
}

// Value stores the text as a JSON object.
func (t Text) Value() (driver.Value, error) {
	if t == nil {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]string(t))
	return string(b), err
}

// Scan reads the JSON object written by Value; SQLite returns it as a string, PostgreSQL's
// jsonb as bytes.
func (t *Text) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*t = Text{}
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("i18n.Text: cannot scan %T", src)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("i18n.Text: %w", err)
	}
	*t = m
	return nil
}
