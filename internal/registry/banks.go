package registry

// Banks maps the four-letter bank code inside an AZ IBAN to the bank's name. It is the
// reference list of paying banks; payment files are cut per bank from it. (GAP: a ministry
// loads the full Central Bank directory; these are the banks the demo country uses.)
var Banks = map[string]string{
	"IBAZ": "Azərbaycan Beynəlxalq Bankı",
	"AIIB": "Kapital Bank",
	"PAHA": "PAŞA Bank",
	"UBAZ": "Unibank",
	"BRES": "Bank Respublika",
	"NABZ": "Azərbaycan Respublikasının Mərkəzi Bankı",
}

// BankName names the bank of a valid IBAN, or returns its code when the bank is not listed.
func BankName(iban string) string {
	code := BankCode(iban)
	if name, ok := Banks[code]; ok {
		return name
	}
	return code
}
