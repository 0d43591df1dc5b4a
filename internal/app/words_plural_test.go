package app_test

import (
	"testing"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestCountsTakeTheirPluralForm: a count shown with a noun takes the noun's form for that
// number in Russian (21 обращения, 22 обращений, 21 цикл выплат), through the plural tables.
func TestCountsTakeTheirPluralForm(t *testing.T) {
	for _, c := range []struct {
		key  string
		n    int
		want string
	}{
		{"invalid.assign_count", 21, "Отметьте от 1 до 21 обращения."},
		{"invalid.assign_count", 200, "Отметьте от 1 до 200 обращений."},
		{"payroll.cycles_total", 21, "21 цикл выплат"},
		{"payroll.cycles_total", 3, "3 цикла выплат"},
	} {
		if got := i18n.TrN("ru", c.key, c.n, nil); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.key, c.n, got, c.want)
		}
	}
	if got := i18n.TrN("en", "invalid.assign_count", 1, nil); got != "Check between 1 and 1 appeal." {
		t.Errorf("en one: %q", got)
	}
}
