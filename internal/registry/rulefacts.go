package registry

import (
	"cel.dev/cel-go/cel"

	"github.com/dost-platform/dost/internal/eligibility"
)

// The facts the registry gives every eligibility rule, by the names personFacts, HouseholdFacts
// and householdMap put in the maps. A rule naming anything else, or using one of these as
// another type, is refused when it is saved. Identifying facts (FİN, names) are not offered:
// rules never read them (eligibility.Identifying).
func init() {
	person := []eligibility.Fact{
		{Name: "age", Type: cel.IntType}, // whole years on the decision day
		{Name: "sex", Type: cel.StringType},
		{Name: "alive", Type: cel.BoolType},
		{Name: "disabled", Type: cel.BoolType}, // a disability status valid on the day
		{Name: "disability_group", Type: cel.IntType},
		{Name: "disability_percent", Type: cel.IntType},
		{Name: "categories", Type: cel.ListType(cel.StringType)}, // codes valid on the day (Categories)
		{Name: "has_bank_account", Type: cel.BoolType},
		{Name: "working_age", Type: cel.BoolType}, // 18 to retirement age (RetirementAge)
	}
	eligibility.Offer("registry", eligibility.PersonObject, person...)
	eligibility.Offer("registry", eligibility.MemberObject, append(person,
		eligibility.Fact{Name: "relationship", Type: cel.StringType}, // to the head (Relationships)
		eligibility.Fact{Name: "income_12m", Type: cel.IntType},      // qəpik, their own, the 12 full months before the day
		eligibility.Fact{Name: "income_months", Type: cel.IntType},   // months of the 12 with income on record
		eligibility.Fact{Name: "income_known", Type: cel.BoolType},   // on record for all 12, or not of working age
	)...)
	eligibility.Offer("registry", eligibility.HouseholdObject,
		eligibility.Fact{Name: "members", Type: eligibility.Members}, // the living members
		eligibility.Fact{Name: "size", Type: cel.IntType},
		eligibility.Fact{Name: "income_12m", Type: cel.IntType},         // qəpik, the 12 full months before the day
		eligibility.Fact{Name: "avg_monthly_income", Type: cel.IntType}, // income_12m ÷ 12
		eligibility.Fact{Name: "income_known", Type: cel.BoolType},      // every member's income_known
		eligibility.Fact{Name: "utility_cost", Type: cel.IntType},       // qəpik a month, utilities and communication
		eligibility.Fact{Name: "utility_cost_known", Type: cel.BoolType},
	)
}
