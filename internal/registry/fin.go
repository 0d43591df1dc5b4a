package registry

import "strings"

// NormalizeFIN returns the canonical form of a personal identification number (FİN): seven
// Latin capitals and digits. Input is trimmed and upper-cased (including the Azerbaijani
// dotted İ, which people type for I). ok is false when the result is not a valid FİN.
func NormalizeFIN(s string) (fin string, ok bool) {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ToUpper(s), "İ", "I"))
	if len(s) != 7 {
		return s, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return s, false
		}
	}
	return s, true
}
