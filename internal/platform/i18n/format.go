package i18n

import (
	"math"
	"strconv"
	"strings"
)

// Decimal writes a non-negative number, given as its whole part and its fraction's digits
// ("" for a whole number), the way lang writes numbers — its decimal sign and thousands
// separator come from its catalogue ("format.decimal", "format.group"): 1 234,56 in
// Azerbaijani, 1,234.56 in English. Machines' files (CSV, bank files) keep the dot and no
// separator; this is for people.
func Decimal(lang string, whole uint64, frac string) string {
	digits := strconv.FormatUint(whole, 10)
	group := Tr(lang, "format.group", nil)
	out := make([]byte, 0, len(digits)+len(digits)/3*len(group)+len(frac)+2)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, group...)
		}
		out = append(out, digits[i])
	}
	if frac != "" {
		out = append(out, Tr(lang, "format.decimal", nil)...)
		out = append(out, frac...)
	}
	return string(out)
}

// Number writes a non-negative x rounded to decimals places the way lang writes numbers (a
// report's average rating: 4,50 in Azerbaijani, 4.50 in English).
func Number(lang string, x float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseUint(whole, 10, 64)
	return Decimal(lang, n, frac)
}

// Percent writes a share given in per cent (95.5 for 95.5 %) with one decimal, in lang's
// form ("format.percent": 95,5% in Azerbaijani, 95,5 % in Russian).
func Percent(lang string, x float64) string {
	return Tr(lang, "format.percent", map[string]any{"Number": Number(lang, x, 1)})
}
