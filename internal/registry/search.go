package registry

import (
	"strings"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// Query is a person search as an officer types it: a FİN, or a name in any usual spelling,
// narrowed by birth date or year and district.
type Query struct {
	Text       string
	BirthDate  clock.Date
	BirthYear  int
	DistrictID int64
	After      string // keyset cursor from the previous page
	Limit      int
}

// Plan is a Query compiled for a store: either an exact FİN, or a key prefix that is looked
// up first as surname-first and then as given-name-first.
type Plan struct {
	FIN        string
	Prefix     string // folded name tokens joined by spaces; the last token may be partial
	BirthFrom  clock.Date
	BirthTo    clock.Date // exclusive
	DistrictID int64
	After      string
	Limit      int
}

// Compile turns q into a Plan. Text that is a valid FİN searches by FİN only.
func (q Query) Compile() (Plan, bool) {
	p := Plan{DistrictID: q.DistrictID, After: q.After, Limit: q.Limit}
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 25
	}
	switch {
	case !q.BirthDate.IsZero():
		p.BirthFrom, p.BirthTo = q.BirthDate, q.BirthDate.AddDays(1)
	case q.BirthYear > 0:
		p.BirthFrom, p.BirthTo = clock.NewDate(q.BirthYear, 1, 1), clock.NewDate(q.BirthYear+1, 1, 1)
	}
	text := strings.TrimSpace(q.Text)
	if fin, ok := NormalizeFIN(text); ok && hasDigit(fin) {
		p.FIN = fin
		return p, true
	}
	var keys []string
	for _, tok := range strings.Fields(text) {
		if k := NameKey(tok); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) > 3 {
		keys = keys[:3]
	}
	p.Prefix = strings.Join(keys, " ")
	return p, p.Prefix != "" && utf8.RuneCountInString(p.Prefix) >= 2
}

// PrefixEnd is the smallest string greater than every string that starts with prefix; the
// pair makes a prefix search an index range scan on both engines.
func PrefixEnd(prefix string) string {
	return prefix + "\x7f"
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
