package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Msg is a detail written as a message key and its arguments instead of a sentence, so that
// the audit page shows it in the reader's language: key names "audit.detail.<key>" in the
// audit catalogue (a message with a {{.Count}} argument is a plural), args are the template's
// arguments as name, value pairs. A value is kept as it is written — identifiers, codes,
// logins, numbers — except a Word (a message key, shown translated), a money.Amount and a
// clock.Date or clock.Month (shown in the reader's form).
//
// The detail is stored as JSON in the detail column, {"key":…,"args":{…}}: no migration, and
// an auditor reading the table reads the message and its values. The hash chain covers that
// stored text, that is the key and the arguments — what was recorded — and never a
// translation: a translation corrected or added later changes nothing a verification checks,
// and rows written before details were structured keep their sentence and their hash.
func Msg(key string, args ...any) string {
	d := detail{Key: key}
	if len(args) > 0 {
		d.Args = map[string]arg{}
	}
	for i := 0; i+1 < len(args); i += 2 {
		d.Args[fmt.Sprint(args[i])] = argOf(args[i+1])
	}
	b, err := json.Marshal(d) // map keys sorted: the same detail is the same text
	if err != nil {
		return key
	}
	return string(b)
}

// Word is an argument of Msg that is itself a message key ("application.status.filed"),
// shown translated.
type Word string

// Words is an argument of Msg that is a list of message keys (the fields a correction
// changed), shown translated and joined by commas.
type Words []string

// detail is a structured detail as stored.
type detail struct {
	Key  string         `json:"key"`
	Args map[string]arg `json:"args,omitempty"`
}

// arg is one argument: exactly one of its fields is set. Text and numbers stay as written;
// the others are shown in the reader's language.
type arg struct {
	Text   *string  `json:"text,omitempty"`
	Number *int64   `json:"number,omitempty"`
	Word   string   `json:"word,omitempty"`
	Words  []string `json:"words,omitempty"`
	Amount *int64   `json:"amount,omitempty"` // qəpik
	Date   string   `json:"date,omitempty"`   // YYYY-MM-DD
	Month  string   `json:"month,omitempty"`  // YYYY-MM
}

func argOf(v any) arg {
	switch x := v.(type) {
	case Word:
		return arg{Word: string(x)}
	case Words:
		return arg{Words: x}
	case money.Amount:
		n := int64(x)
		return arg{Amount: &n}
	case clock.Date:
		return arg{Date: x.String()}
	case clock.Month:
		return arg{Month: x.String()}
	case int:
		n := int64(x)
		return arg{Number: &n}
	case int64:
		return arg{Number: &x}
	}
	s := fmt.Sprint(v)
	return arg{Text: &s}
}

// in is the argument as lang shows it.
func (a arg) in(lang string) any {
	switch {
	case a.Text != nil:
		return *a.Text
	case a.Number != nil:
		return int(*a.Number)
	case a.Word != "":
		return wordOf(lang, a.Word)
	case a.Words != nil:
		shown := make([]string, len(a.Words))
		for i, w := range a.Words {
			shown[i] = wordOf(lang, w)
		}
		return strings.Join(shown, ", ")
	case a.Amount != nil:
		return money.Amount(*a.Amount).In(lang)
	case a.Date != "":
		if d, err := clock.ParseDate(a.Date); err == nil {
			return d.In(lang)
		}
		return a.Date
	}
	if m, err := clock.ParseMonth(a.Month); err == nil {
		layout := "01.2006"
		if lang == "en" {
			layout = "Jan 2006"
		}
		return m.First().Time().Format(layout)
	}
	return a.Month
}

// wordOf is a message key in lang; a key no catalogue has shows the code it ends with.
func wordOf(lang, key string) string {
	if s := i18n.Tr(lang, key, nil); s != key {
		return s
	}
	return key[strings.LastIndex(key, ".")+1:]
}

// structured reads a detail written by Msg; ok is false for a detail written as a sentence
// (a row from before details were structured).
func structured(stored string) (d detail, ok bool) {
	if !strings.HasPrefix(stored, `{"key":`) {
		return d, false
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(stored)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil || d.Key == "" {
		return d, false
	}
	return d, true
}

// render is a structured detail in lang.
func (d detail) render(lang string) string {
	args := make(map[string]any, len(d.Args))
	for name, a := range d.Args {
		args[name] = a.in(lang)
	}
	return i18n.Tr(lang, "audit.detail."+d.Key, args)
}

// WithArg adds an argument to a detail written by Msg, for a value known only where the
// entry is appended (a store that numbers what it saves). A detail written as text gets the
// value after a space.
func WithArg(stored, name string, value any) string {
	d, ok := structured(stored)
	if !ok {
		return strings.TrimSpace(stored + " " + fmt.Sprint(value))
	}
	if d.Args == nil {
		d.Args = map[string]arg{}
	}
	d.Args[name] = argOf(value)
	b, err := json.Marshal(d)
	if err != nil {
		return stored
	}
	return string(b)
}
