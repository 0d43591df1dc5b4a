package eligibility

import "cel.dev/cel-go/cel"

// The facts this package's tests read, offered as the registry offers them
// (registry/rulefacts.go); the demo's test compiles every shipped rule against the real ones.
func init() {
	person := []Fact{{"age", cel.IntType}, {"sex", cel.StringType}, {"disabled", cel.BoolType}, {"has_bank_account", cel.BoolType},
		{"categories", cel.ListType(cel.StringType)}}
	Offer("test", PersonObject, person...)
	Offer("test", MemberObject, person...)
	Offer("test", HouseholdObject, Fact{"size", cel.IntType}, Fact{"avg_monthly_income", cel.IntType},
		Fact{"income_12m", cel.IntType}, Fact{"income_known", cel.BoolType}, Fact{"members", Members})
}
