package registry

import "strings"

// azIBANLength is the length of an Azerbaijani IBAN: AZ, two check digits, a four-letter
// bank code and a twenty-character account number.
const azIBANLength = 28

// NormalizeIBAN removes spaces, upper-cases, and checks that s is an Azerbaijani IBAN with a
// correct ISO 13616 mod-97 check. ok is false otherwise.
func NormalizeIBAN(s string) (iban string, ok bool) {
	iban = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(iban) != azIBANLength || !strings.HasPrefix(iban, "AZ") {
		return iban, false
	}
	for i := 2; i < len(iban); i++ {
		c := iban[i]
		digit := c >= '0' && c <= '9'
		letter := c >= 'A' && c <= 'Z'
		if (i < 4 && !digit) || (i >= 4 && i < 8 && !letter) || (!digit && !letter) {
			return iban, false
		}
	}
	return iban, ibanMod97(iban) == 1
}

// ibanMod97 computes the ISO 7064 remainder of the rearranged IBAN without big integers.
func ibanMod97(iban string) int {
	r := 0
	for _, c := range iban[4:] + iban[:4] {
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// IBANWithCheck completes an Azerbaijani IBAN from its bank code and account number by
// computing the two check digits; the demo data generator uses it.
func IBANWithCheck(bank, account string) string {
	r := ibanMod97("AZ00" + bank + account)
	check := 98 - r
	return "AZ" + string(rune('0'+check/10)) + string(rune('0'+check%10)) + bank + account
}

// BankCode returns the four-letter bank code of a valid AZ IBAN.
func BankCode(iban string) string {
	if len(iban) < 8 {
		return ""
	}
	return iban[4:8]
}
