// Package eligibility decides who qualifies for a programme and how much they receive, with
// rules written in CEL (non-Turing-complete, cost-limited, type-checked when saved). A rule
// is a list of named conditions and an amount; evaluating it yields a Decision whose trace
// says which conditions held with the values that decided them, rendered as sentences a
// citizen can read and appeal.
package eligibility

import (
	"fmt"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// Rule is one version of a programme's eligibility and amount rule.
//
// Review conditions say what the rule must know to decide on its own ("the income of every
// working-age member is on record for the 12 months"). When one fails, the decision is
// neither a grant nor a refusal but a referral: the case needs an officer's review, for the
// reasons the failed conditions give, and the officer decides.
type Rule struct {
	Program       string      `json:"program"`
	Version       int         `json:"version"`
	EffectiveFrom clock.Date  `json:"effective_from"`
	EffectiveTo   clock.Date  `json:"effective_to,omitzero"` // zero: open-ended, and left out
	Review        []Condition `json:"review,omitempty"`      // what must be known for the rule to decide alone (below)
	Conditions    []Condition `json:"conditions"`
	Amount        string      `json:"amount"` // CEL expression giving the amount in qəpik (int)
	Values        []Value     `json:"values"`
	Granted       Text        `json:"granted"`           // sentence for an eligible decision; may use {amount} and every value
	Referred      Text        `json:"referred,omitzero"` // sentence for a case sent to an officer's review
}

// Condition is one requirement, all of which must hold.
type Condition struct {
	Name   string `json:"name"`
	Expr   string `json:"expr"`   // CEL expression of type bool
	Held   Text   `json:"held"`   // sentence when it holds
	Failed Text   `json:"failed"` // sentence when it does not
}

// Value is a number the sentences show, computed by a CEL expression.
type Value struct {
	Name  string `json:"name"`
	Expr  string `json:"expr"`
	Money bool   `json:"money,omitempty"` // an amount in qəpik, shown in the reader's form ("₼240.00")
}

// Text is a sentence template in the three languages, with {name} placeholders for values.
type Text struct {
	AZ string `json:"az"`
	EN string `json:"en"`
	RU string `json:"ru"`
}

// In returns the template for lang, Azerbaijani by default.
func (t Text) In(lang string) string {
	switch lang {
	case "en":
		return t.EN
	case "ru":
		return t.RU
	}
	return t.AZ
}

// AppliesOn reports whether the rule is in force on day.
func (r Rule) AppliesOn(day clock.Date) bool {
	return !day.Before(r.EffectiveFrom) && (r.EffectiveTo.IsZero() || day.Before(r.EffectiveTo))
}

// Ref names the rule version in decisions and logs.
func (r Rule) Ref() string { return fmt.Sprintf("%s v%d", r.Program, r.Version) }
