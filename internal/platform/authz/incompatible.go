package authz

// Conflict is a pair of roles one account may not hold together, whatever the institutions,
// and why: holding both would let one person do what separation of duties gives to two.
type Conflict struct {
	A, B Role
	Why  string
}

// Incompatible is the matrix of roles refused on one account. A grant is checked against it
// when it is requested and again when it is approved, against every grant the account holds.
var Incompatible = []Conflict{
	{BackOffice, FinanceOfficer, "the officer who decides an award would also pay it"},
	{Manager, FinanceOfficer, "the manager who decides or overrides an award would also pay it"},
	{FrontOffice, FinanceOfficer, "the officer who edits a person's data (an IBAN) would also pay them"},
	{Analyst, FinanceOfficer, "the analyst who writes the rules would also pay by them"},
	{Admin, FrontOffice, "an administrator who grants roles would also read and edit personal data"},
	{Admin, BackOffice, "an administrator who grants roles would also decide awards"},
	{Admin, SocialWorker, "an administrator who grants roles would also read and edit personal data"},
	{Admin, EmploymentOfficer, "an administrator who grants roles would also read personal data"},
	{Admin, FinanceOfficer, "an administrator who grants roles would also pay"},
	{Admin, Manager, "an administrator who grants roles would also decide awards and read personal data"},
	{Auditor, Admin, "the auditor checks what administrators do"},
	{Auditor, FrontOffice, "the auditor checks what front offices do"},
	{Auditor, BackOffice, "the auditor checks the decisions the back office takes"},
	{Auditor, SocialWorker, "the auditor checks what social workers do"},
	{Auditor, EmploymentOfficer, "the auditor checks what employment officers do"},
	{Auditor, FinanceOfficer, "the auditor checks the payments finance makes"},
	{Auditor, Analyst, "the auditor checks the rules analysts activate"},
	{Auditor, Manager, "the auditor checks the decisions managers take"},
}

// Conflicting returns the conflict between roles a and b, in either order, if there is one.
func Conflicting(a, b Role) (Conflict, bool) {
	for _, c := range Incompatible {
		if (c.A == a && c.B == b) || (c.A == b && c.B == a) {
			return c, true
		}
	}
	return Conflict{}, false
}
