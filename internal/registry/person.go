package registry

import (
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
)

// Person is one natural person in the social registry, identified by their FİN. Names are
// kept in Azerbaijani Latin as written in the identity document.
type Person struct {
	ID                int64
	UUID              string
	FIN               string
	LastName          string
	FirstName         string
	Patronymic        string
	Sex               string // "M" or "F"
	BirthDate         clock.Date
	DeathDate         clock.Date
	Citizenship       string // ISO 3166-1 alpha-3
	RegPlaceID        int64  // registered address: a settlement or district
	RegDistrictID     int64  // derived from RegPlaceID, for filtering by district
	RegAddress        string
	ActPlaceID        int64 // actual address
	ActAddress        string
	Phone             string
	Email             string
	IBAN              string
	DisabilityGroup   int // 0 = none, 1–3
	DisabilityPercent int // impairment %, for children and where no group applies
	DisabilityUntil   clock.Date
	Version           int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// FullName is "Last First Patronymic", the order Azerbaijani documents use.
func (p Person) FullName() string {
	n := p.LastName + " " + p.FirstName
	if p.Patronymic != "" {
		n += " " + p.Patronymic
	}
	return n
}

// Alive reports whether no death has been recorded.
func (p Person) Alive() bool { return p.DeathDate.IsZero() }

// Disabled reports whether the person has a disability status valid on day.
func (p Person) Disabled(day clock.Date) bool {
	if p.DisabilityGroup == 0 && p.DisabilityPercent == 0 {
		return false
	}
	return p.DisabilityUntil.IsZero() || !p.DisabilityUntil.Before(day)
}

// Sources of a change to personal data.
const (
	SourceManual = "manual"
	SourceImport = "import"
	SourceFeed   = "registry_feed"
	SourceDemo   = "demo"
)

// Change is one field of one person changed once: who, when, old → new, and from where.
type Change struct {
	ID         int64     `json:"id"`
	PersonID   int64     `json:"-"`
	Field      string    `json:"field"`
	Old        string    `json:"old"`
	New        string    `json:"new"`
	ActorID    int64     `json:"-"`
	ActorLogin string    `json:"actor"`
	Source     string    `json:"source"`
	At         time.Time `json:"at"`
}
