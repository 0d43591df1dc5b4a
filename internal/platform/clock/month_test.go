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
