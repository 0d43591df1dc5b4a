package identity

import (
	"errors"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// TestAttackCommonPasswordRefused: the passwords an attacker tries first, short ones, the
// login itself and absurdly long ones are refused with a field message; a long phrase passes.
func TestAttackCommonPasswordRefused(t *testing.T) {
	cases := map[string]string{
		"dost-demo":              "accounts.password_too_short",
		"qwerty123456":           "accounts.password_common",
		"1QAZ2WSX3EDC":           "accounts.password_common",
		"password2024!":          "accounts.password_common",
		"!!monkey1234567":        "accounts.password_common",
		"nigar.aliyeva-2026":     "accounts.password_has_login",
		strings.Repeat("x", 257): "accounts.password_too_long",
		"mərkəzdə növbə uzundur": "",
		"correct horse battery":  "",
	}
	for pw, want := range cases {
		err := CheckPasswordPolicy("nigar.aliyeva", pw, "password")
		var f fail.Fields
		got := ""
		if errors.As(err, &f) {
			got = f[0].Key
		}
		if got != want {
			t.Errorf("%.20q: %q, want %q", pw, got, want)
		}
	}
	if n := len(common()); n < 2000 {
		t.Fatalf("only %d common passwords loaded", n)
	}
}

// TestActivationCode: codes are long, from the unambiguous alphabet, and typed loosely.
func TestActivationCode(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := newCode()
		if len(c) < 10 || strings.Trim(c, codeAlphabet) != "" || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if normaliseCode(" abcd-efgh jkmn ") != "ABCDEFGHJKMN" {
		t.Fatal("normalise")
	}
}
