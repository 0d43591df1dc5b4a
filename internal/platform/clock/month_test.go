package clock

import (
	"testing"
	"time"
)

// The hand-written month parser accepts exactly what time.Parse("2006-01") accepts, and
// String gives back what it read.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-11", "0001-01", "2026-13", "2026-00", "2026-1", "20261-01", "2026/11", "", "9999-12", "٢٠٢٦-11"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseMonth(s)
		ref, refErr := time.Parse("2006-01", s)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("%q: ParseMonth error %v, time.Parse error %v", s, err, refErr)
		}
		if err == nil && (got != Month{ref.Year(), ref.Month()} || got.String() != s) {
			t.Fatalf("%q: got %v (%s), time.Parse %v", s, got, got.String(), ref)
		}
	})
}

// The hand-written date parser accepts exactly the real calendar days time.Parse accepts.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "2024-02-29", "2026-02-29", "1900-02-29", "2000-02-29", "2026-04-31", "2026-13-01", "2026-11-00", "2026-1-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		ref, refErr := time.Parse(time.DateOnly, s)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("%q: ParseDate error %v, time.Parse error %v", s, err, refErr)
		}
		if err == nil && (got != Date{ref.Year(), ref.Month(), ref.Day()} || got.String() != s) {
			t.Fatalf("%q: got %v, time.Parse %v", s, got, ref)
		}
	})
}
