package payments

import "testing"

// Every id ParseEndToEnd accepts spells back to itself, so two different ids never name the
// same line; anything else (a bank's own reference, a sign, leading zeros) is refused.
func FuzzParseEndToEnd(f *testing.F) {
	for _, s := range []string{"D7E42R", "D7E42S", "D07E42R", "D7E42X", "D-7E42R", "DE42R", "D7E+42R", "D7E42", "", "D9223372036854775808E1R"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		c, e, kind, ok := ParseEndToEnd(id)
		if ok && EndToEnd(c, e, kind) != id {
			t.Fatalf("%q read as %d %d %s, which spells %q", id, c, e, kind, EndToEnd(c, e, kind))
		}
		if ok && !ourID.MatchString(id) {
			t.Fatalf("%q accepted but is not an id dost writes", id)
		}
	})
}
