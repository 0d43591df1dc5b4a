package list

import (
	"net/url"
	"slices"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor("2026-12-01", "42")
	if got := Decode(c); !slices.Equal(got, []string{"2026-12-01", "42"}) {
		t.Fatalf("Decode(Cursor) = %q", got)
	}
	if Decode("") != nil || Decode("!!!") != nil {
		t.Fatal("an empty or broken cursor must read as the first page")
	}
}

func TestRead(t *testing.T) {
	q := url.Values{"size": {"1000"}, "sort": {"evil"}, "after": {Cursor("x")}}
	p := Read(q, "due", "filed")
	if p.Size != DefaultSize || p.Sort != "due" || !slices.Equal(p.After, []string{"x"}) {
		t.Fatalf("Read = %+v", p)
	}
	if p := Read(url.Values{"size": {"10"}, "sort": {"filed"}}, "due", "filed"); p.Size != 10 || p.Sort != "filed" || p.After != nil {
		t.Fatalf("Read = %+v", p)
	}
}

func TestCut(t *testing.T) {
	rows, next := Cut([]int{1, 2, 3}, 2, func(i int) string { return Cursor(string(rune('0' + i))) })
	if len(rows) != 2 || !slices.Equal(Decode(next), []string{"2"}) {
		t.Fatalf("Cut = %v %q", rows, next)
	}
	if _, next := Cut([]int{1, 2}, 2, func(int) string { return "x" }); next != "" {
		t.Fatal("a short page has no next page")
	}
}

func TestURLKeepsFilters(t *testing.T) {
	q := url.Values{"status": {"registered"}, "after": {"abc"}}
	if got := URL("/applications", q, "after", "", "sort", "filed"); got != "/applications?sort=filed&status=registered" {
		t.Fatalf("URL = %q", got)
	}
	if q.Get("after") != "abc" {
		t.Fatal("URL must not change the request's values")
	}
}

func TestDates(t *testing.T) {
	from, to := Dates(url.Values{"from": {"2026-11-01"}, "to": {"2026-1x-01"}})
	if from != "2026-11-01" || to != "" {
		t.Fatalf("Dates = %q %q", from, to)
	}
}
