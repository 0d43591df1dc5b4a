package payments

import (
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// A line's reason is stored as the English sentence below, readable to whoever queries the
// table, optionally followed by ": " and what explains it (a bank's return code, a rule's
// error) or "; " and a note someone typed. Pages and downloads show it in the reader's
// language by its code (ReasonIn); downloads also give the code, for machines (ReasonCode).
// Codes are stable: a sentence may be reworded only together with old rows.
const (
	ReasonDeath              = "death recorded; the entitlement is not yet suspended"
	ReasonNoAccount          = "no bank account"
	ReasonBadIBAN            = "bank account fails the IBAN check"
	ReasonRecovered          = "fully recovered: the whole amount goes to an overpayment recovery"
	ReasonNotComputed        = "the amount could not be worked out"
	ReasonReturned           = "returned by the bank"
	ReasonDeferred           = "deferred"
	ReasonDeferredAtApproval = "deferred at approval" // written by the store, in SQL
)

// reasons are the stored sentences by code; longer sentences first, where one begins another.
var reasons = []struct{ code, text string }{
	{"death", ReasonDeath},
	{"no_account", ReasonNoAccount},
	{"bad_iban", ReasonBadIBAN},
	{"recovered", ReasonRecovered},
	{"not_computed", ReasonNotComputed},
	{"returned", ReasonReturned},
	{"iban_held", ReasonIBANHeld},
	{"deferred_at_approval", ReasonDeferredAtApproval},
	{"deferred", ReasonDeferred},
}

// ReasonCode is the stable code of a stored reason ("no_account"), "" for none and "other" for
// a reason dost does not know (an old row).
func ReasonCode(reason string) string {
	if reason == "" {
		return ""
	}
	for _, r := range reasons {
		if reason == r.text || strings.HasPrefix(reason, r.text+":") || strings.HasPrefix(reason, r.text+";") {
			return r.code
		}
	}
	return "other"
}

// ReasonIn is a stored reason as lang says it: the sentence translated, what follows it kept
// (a deferred line's earlier reason translated too, a typed note as typed); an unknown reason
// as stored.
func ReasonIn(lang, reason string) string {
	for _, r := range reasons {
		text := i18n.Tr(lang, "payroll.reason."+r.code, nil)
		switch {
		case reason == r.text:
			return text
		case strings.HasPrefix(reason, r.text+": "):
			return text + ": " + ReasonIn(lang, strings.TrimPrefix(reason, r.text+": "))
		case strings.HasPrefix(reason, r.text+"; "):
			return text + "; " + strings.TrimPrefix(reason, r.text+"; ")
		}
	}
	return reason
}
