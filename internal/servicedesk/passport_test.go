package servicedesk

import (
	"errors"
	"slices"
	"testing"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestPassportNameInEveryLanguage: a name missing a language of the interface is refused at
// that language's field, and only there.
func TestPassportNameInEveryLanguage(t *testing.T) {
	p := Passport{Code: "01-01-01-00", Direction: "pensions", Name: i18n.Text{"az": "Ad", "ru": "Имя"}, LegalBasis: "Qanun",
		Channels: []string{ChannelCentre}, FrontMinutes: 5}
	var bad fail.Fields
	if err := p.Validate(); !errors.As(err, &bad) {
		t.Fatalf("a name without English passed: %v", err)
	}
	var names []string
	for _, f := range bad {
		names = append(names, f.Name)
	}
	if !slices.Equal(names, []string{"name_en"}) {
		t.Fatalf("fields %v, want [name_en]", names)
	}
	p.Name["en"] = "Name"
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}
