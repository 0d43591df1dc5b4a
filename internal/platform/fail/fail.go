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

// Reason is a refusal that says why in words a user can read: one of the sentinel errors
// above, with the key of a message in a domain's messages/ catalogue and its values. The web layer answers with
// the sentinel's status and the message, where a bare sentinel gets a general one ("the
// record was changed by someone else" is wrong for a cycle with nothing to approve).
type Reason struct {
	Err  error
	Key  string
	Args map[string]any
}

// Because wraps a sentinel error with the message that explains it.
func Because(err error, key string, args map[string]any) error {
	return &Reason{Err: err, Key: key, Args: args}
}

// Error names the sentinel and the message key.
func (r *Reason) Error() string { return r.Err.Error() + ": " + r.Key }

// Unwrap lets errors.Is find the sentinel.
func (r *Reason) Unwrap() error { return r.Err }
