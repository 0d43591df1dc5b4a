package registry

import (
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Household is the people who live and keep house together; every programme that tests
// family income reads it. Exactly one member is the head.
type Household struct {
	ID           int64
	UUID         string
	HeadPersonID int64
	PlaceID      int64
	Address      string
	Version      int64
	Members      []Member
	Utility      Utility
}

// Utility is a household's monthly utility and communication cost and where the figure comes
// from; TSSA refuses a family whose cost per member is above a tenth of the living wage.
type Utility struct {
	Known  bool         // no figure: unknown, never read as zero
	Cost   money.Amount // a month
	Source string       // one of UtilitySources, or SourceDemo
}

// Where a utility cost comes from: the family's declaration signed at a centre, the
// suppliers' bills, or the inspection of living conditions.
var UtilitySources = []string{"declaration", "supplier", "inspection"}

// Member is a person in a household with their relationship to the head.
type Member struct {
	PersonID     int64
	FIN          string
	FullName     string
	Sex          string
	BirthDate    clock.Date
	DeathDate    clock.Date
	Relationship string
}

// Relationships to the head of household.
var Relationships = []string{"head", "spouse", "child", "parent", "sibling", "grandchild", "grandparent", "other"}

// Category is a status that programmes read (martyr's family member, war veteran, internally
// displaced person …), with the evidence it rests on, where it came from and when it holds.
type Category struct {
	ID         int64      `json:"id"`
	PersonID   int64      `json:"-"`
	Code       string     `json:"code"`
	Evidence   string     `json:"evidence"`
	Source     string     `json:"source"`
	ValidFrom  clock.Date `json:"valid_from"`
	ValidUntil clock.Date `json:"valid_until"`
}

// Category codes.
const (
	CatMartyrFamily   = "martyr_family"
	CatWarVeteran     = "war_veteran"
	CatWarDisabled    = "war_disabled"
	CatIDP            = "idp"
	CatLargeFamily    = "large_family"
	CatOrphan         = "orphan"
	CatLonePensioner  = "lone_pensioner"
	CatChernobyl      = "chernobyl"
	CatBlockadeLenin  = "leningrad_blockade"
	CatPolitRepressed = "repressed"
)

// The reasons beyond a family's control for which a working-age member who is not disabled
// has no income (TSSA, domain.md §1.5): caring for a person with 81–100% impairment, a child
// under 8 or a disabled child; full-time study under 23; registered unemployment after a
// layoff (until the employment domain records it); a missing or imprisoned person. Each is a
// category with its evidence and validity.
const (
	CatCarer      = "carer"
	CatStudent    = "full_time_student"
	CatUnemployed = "registered_unemployed"
	CatMissing    = "missing_person"
	CatImprisoned = "imprisoned"
)

// ReasonsBeyondControl are the categories that excuse a working-age member's lack of income.
var ReasonsBeyondControl = []string{CatCarer, CatStudent, CatUnemployed, CatMissing, CatImprisoned}

// Categories lists the known category codes.
var Categories = []string{CatMartyrFamily, CatWarVeteran, CatWarDisabled, CatIDP, CatLargeFamily,
	CatOrphan, CatLonePensioner, CatChernobyl, CatBlockadeLenin, CatPolitRepressed,
	CatCarer, CatStudent, CatUnemployed, CatMissing, CatImprisoned}

// ValidOn reports whether the category holds on day.
func (c Category) ValidOn(day clock.Date) bool {
	return !day.Before(c.ValidFrom) && (c.ValidUntil.IsZero() || !c.ValidUntil.Before(day))
}
