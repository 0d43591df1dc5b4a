package identity

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// Password policy (ASVS 2.1): long rather than complicated, no composition rules, and none of
// the passwords that attackers try first.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256 // argon2 would take any length; a bound keeps one request cheap
)

// commonPasswords is the most common passwords list shipped with dost (see
// common-passwords.README.md for its source and licence).
//
//go:embed common-passwords.txt
var commonPasswords string

var common = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswords))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			set[strings.ToLower(w)] = true
		}
	}
	return set
})

// CheckPasswordPolicy is the one policy every password set in dost goes through: activation,
// a change by its owner, and the first administrators of dost init. field names the form
// field the message belongs to.
func CheckPasswordPolicy(login, password, field string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < MinPasswordLen:
		return fail.Fields{{Name: field, Key: "accounts.password_too_short", Args: map[string]any{"Count": MinPasswordLen}}}
	case n > MaxPasswordLen:
		return fail.Fields{{Name: field, Key: "accounts.password_too_long", Args: map[string]any{"Count": MaxPasswordLen}}}
	case login != "" && strings.Contains(lower, strings.ToLower(login)):
		return fail.Fields{{Name: field, Key: "accounts.password_has_login"}}
	case isCommon(lower):
		return fail.Fields{{Name: field, Key: "accounts.password_common"}}
	}
	return nil
}

// isCommon reports whether a lower-cased password is listed, as it is or once the digits and
// symbols around its letters are stripped ("password2024!" is "password" with a year).
func isCommon(p string) bool {
	if common()[p] {
		return true
	}
	core := strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	return len(core) >= 4 && common()[core]
}
