package money

import "testing"

// TestInWritesTheReadersNumbers: amounts on pages are in manat with the reader's decimal sign
// and thousands separator (#12 item 15), never qəpik integers; String keeps the machines' form.
func TestInWritesTheReadersNumbers(t *testing.T) {
	for _, c := range []struct {
		a          Amount
		lang, want string
	}{
		{123456, "az", "1\u00a0234,56 ₼"},
		{123456, "ru", "1\u00a0234,56 ₼"},
		{123456, "en", "₼1,234.56"},
		{14300, "az", "143,00 ₼"},
		{-5, "en", "₼-0.05"},
		{100000000, "en", "₼1,000,000.00"},
		{7, "az", "0,07 ₼"},
	} {
		if got := c.a.In(c.lang); got != c.want {
			t.Errorf("%d in %s: %q, want %q", c.a, c.lang, got, c.want)
		}
	}
	if Amount(123456).String() != "1234.56" {
		t.Error("String is no longer the files' form")
	}
}
