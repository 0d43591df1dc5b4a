package servicedesk

import (
	"strings"
	"testing"
)

// FuzzNormalizeCode: whatever a visitor types into the verification page, normalising it
// does not panic, is idempotent, and turns any spelling of an issued code into the code.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH-JKMN", "abcd efgh jkmn", " abcdefghjkmn ", "", "ə-ş-ğ", "----", "ABCD-EFGH-JKMN-PQRS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalizeCode(s)
		if normalizeCode(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, normalizeCode(n))
		}
	})
}

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := newCode()
		if len(c) != 14 || strings.ContainsAny(c, "01ILO") || normalizeCode(strings.ToLower(strings.ReplaceAll(c, "-", " "))) != c || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
}
