package registry

import "strings"

// NormalizePhone accepts an Azerbaijani number written as +994 50 123 45 67, 994501234567
// or 050-123-45-67 and returns it as +994501234567. ok is false for anything else.
func NormalizePhone(s string) (phone string, ok bool) {
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' || r == '.':
			return -1
		}
		return 'x'
	}, s)
	switch {
	case strings.ContainsRune(digits, 'x'):
		return s, false
	case len(digits) == 12 && strings.HasPrefix(digits, "994"):
		digits = digits[3:]
	case len(digits) == 10 && digits[0] == '0':
		digits = digits[1:]
	}
	if len(digits) != 9 || digits[0] == '0' {
		return s, false
	}
	return "+994" + digits, true
}
