package registry

import "github.com/dost-platform/dost/internal/platform/clock"

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
}

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

// Categories lists the known category codes.
var Categories = []string{CatMartyrFamily, CatWarVeteran, CatWarDisabled, CatIDP, CatLargeFamily,
	CatOrphan, CatLonePensioner, CatChernobyl, CatBlockadeLenin, CatPolitRepressed}

// ValidOn reports whether the category holds on day.
func (c Category) ValidOn(day clock.Date) bool {
	return !day.Before(c.ValidFrom) && (c.ValidUntil.IsZero() || !c.ValidUntil.Before(day))
}
