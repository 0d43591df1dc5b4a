// Package money is the one representation of amounts in dost: whole qəpik (1 AZN = 100
// qəpik) in an int64, with explicit half-even rounding wherever a rate or a share is applied.
// Floating point never touches money.
package money

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Amount is a sum in qəpik.
type Amount int64

// AZN returns whole manats as an Amount.
func AZN(manat int64) Amount { return Amount(manat * 100) }

// Parse reads "240", "240.5", "240.50" or "-12.05" (a dot or a comma as the decimal sign)
// and refuses more than two decimals, so that nothing is rounded silently.
func Parse(s string) (Amount, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.ContainsAny(whole+frac, "+- ") {
		return 0, fmt.Errorf("amount %q: want digits with at most two decimals", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n > 1e15 {
		return 0, fmt.Errorf("amount %q: not a number in range", s)
	}
	if neg {
		n = -n
	}
	return Amount(n), nil
}

// String formats as "240.00", the form bank files and screens use.
func (a Amount) String() string { return string(a.Append(nil)) }

// Append appends the String form to b without allocating: a bank file writes a million.
func (a Amount) Append(b []byte) []byte {
	n := int64(a)
	if n < 0 {
		b, n = append(b, '-'), -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	return append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
}

// MulRat returns a × num / den rounded half to even: the rounding of indexation, shares and
// pro-rata months.
func (a Amount) MulRat(num, den int64) Amount {
	if den == 0 {
		panic("money: division by zero")
	}
	if den == 1 && num > -1<<20 && num < 1<<20 && a > -1<<40 && a < 1<<40 {
		return a * Amount(num) // exact, and a payroll does it a million times
	}
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(num)), big.NewInt(den))
	return Amount(roundHalfEven(r))
}

func roundHalfEven(r *big.Rat) int64 {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	switch c := twice.Cmp(den); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// In writes the amount for a reader of lang, in manat with their decimal sign, thousands
// separator and currency sign ("1 234,56 ₼" in Azerbaijani, "₼1,234.56" in English); String
// stays the form of files and inputs.
func (a Amount) In(lang string) string {
	n, sign := int64(a), ""
	if n < 0 {
		n, sign = -n, "-"
	}
	number := sign + i18n.Decimal(lang, uint64(n/100), string([]byte{byte('0' + n%100/10), byte('0' + n%10)}))
	return i18n.Tr(lang, "format.amount", map[string]any{"Number": number})
}
