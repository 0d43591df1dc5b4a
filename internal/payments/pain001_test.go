package payments

import (
	"strings"
	"testing"
)

// The fast path of appendEsc writes exactly what the escaping reference (encoding/xml, cut to
// 140 characters) writes, for any name a registry may hold.
func FuzzAppendEsc(f *testing.F) {
	for _, s := range []string{"Məmmədov Əli Qasım oğlu", "O'Neil & <Co>", "tab\there", "\xff\xfe", "\uFFFE", strings.Repeat("ş", 141), strings.Repeat("a", 141)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEsc(nil, s)), esc(s); got != want {
			t.Fatalf("%q: fast path %q, reference %q", s, got, want)
		}
	})
}
