// Package list is the one way a back-office list pages: a keyset cursor (the sort key of the
// last row shown, never an OFFSET, so page 1000 costs what page 1 costs and rows inserted
// meanwhile neither repeat nor vanish), a page size, a sort chosen from the list's own, and
// links that keep every filter in the URL so that a page of a filtered list can be shared.
// The store counts the filtered rows with the same WHERE it pages with; the page shows the
// count, the rows, the link to the next page and the CSV/XLSX download of the whole filter.
package list

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Page sizes: the default, and the most a caller may ask for.
const (
	DefaultSize = 50
	MaxSize     = 200
)

// Page is what a request asks of a list: the rows after a cursor, how many, in which order.
type Page struct {
	After []string // the sort key of the last row of the previous page; nil for the first page
	Size  int
	Sort  string
}

// Read reads ?after=, ?size= and ?sort= from q. sorts are the orders the list offers, its
// default first; anything else falls back to the default, a size out of range to DefaultSize,
// an unreadable cursor to the first page.
func Read(q url.Values, sorts ...string) Page {
	p := Page{Size: DefaultSize, After: Decode(q.Get("after"))}
	if n, err := strconv.Atoi(q.Get("size")); err == nil && n > 0 && n <= MaxSize {
		p.Size = n
	}
	if len(sorts) > 0 {
		p.Sort = sorts[0]
		if s := q.Get("sort"); slices.Contains(sorts, s) {
			p.Sort = s
		}
	}
	return p
}

// sep separates the values of a cursor; it cannot occur in a date, a number or a login.
const sep = "\x1f"

// Cursor encodes the sort key of a row as the ?after= of the next page.
func Cursor(values ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(values, sep)))
}

// Decode reads a cursor back into its values; an empty or unreadable one is nil.
func Decode(c string) []string {
	if c == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil
	}
	return strings.Split(string(b), sep)
}

// Result is one page of a list and how many rows its filter selects in all.
type Result[T any] struct {
	Rows  []T
	Total int64
	Next  string // the cursor of the next page; empty on the last
}

// Cut trims rows fetched with Size+1 to the page and sets Next from the last row kept, so
// that the store needs one query to know whether there is a next page.
func Cut[T any](rows []T, size int, key func(T) string) ([]T, string) {
	if len(rows) <= size {
		return rows, ""
	}
	rows = rows[:size]
	return rows, key(rows[size-1])
}

// URL is path with q, the values in set ("key", "value", ...) replaced; an empty value drops
// its key. Changing a filter or the sort must go back to the first page: pass "after", "".
func URL(path string, q url.Values, set ...string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// Dates reads a date range filter (?from=, ?to=, as YYYY-MM-DD); a value that is not a date
// is dropped, so a hand-edited URL shows the wider list rather than an error.
func Dates(q url.Values) (from, to string) {
	return date(q.Get("from")), date(q.Get("to"))
}

func date(s string) string {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return ""
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return ""
		}
	}
	return s
}
