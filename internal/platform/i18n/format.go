package i18n

import "strconv"

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
