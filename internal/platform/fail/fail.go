// Package fail holds the errors every domain shares, so that the web layer can map them to
// HTTP statuses and translated messages in one place.
package fail

import (
	"errors"
	"strings"
)

// Sentinel errors. Wrap them with context; the web layer finds them with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("the record was changed by someone else")
	ErrForbidden = errors.New("forbidden")
	ErrDuplicate = errors.New("already exists")
)

// Field is one invalid input: the field's name, a message key (package i18n), and the values
// the message needs.
type Field struct {
	Name string
	Key  string
	Args map[string]any
}

// Fields is a validation failure listing every invalid field at once, so that a form can
// show all its messages together.
type Fields []Field

// Error lists the fields and their message keys.
func (f Fields) Error() string {
	parts := make([]string, len(f))
	for i, x := range f {
		parts[i] = x.Name + ": " + x.Key
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add appends a field error.
func (f *Fields) Add(name, key string, args map[string]any) {
	*f = append(*f, Field{Name: name, Key: key, Args: args})
}

// Err returns f as an error, or nil when nothing was added.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}
