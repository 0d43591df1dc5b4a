package servicedesk

import (
	"regexp"
	"slices"
	"time"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Channels through which a service is requested and answered.
const (
	ChannelCentre = "centre"
	ChannelPortal = "portal"
	ChannelCall   = "call"
	ChannelMobile = "mobile"
)

// AllChannels lists the channels in display order.
var AllChannels = []string{ChannelCentre, ChannelPortal, ChannelCall, ChannelMobile}

// Directions group the catalogue the way a DOST centre's kiosk shows it; the letter starts
// the ticket numbers of that direction.
var Directions = []struct{ Code, Letter string }{
	{"pensions", "P"}, {"tssa", "T"}, {"disability", "D"}, {"employment", "E"},
	{"labour", "L"}, {"martyrs", "M"}, {"social", "S"}, {"references", "R"},
}

// DocumentTypes are the documents a passport may require; each has a name in the messages as
// doc.<code>.
var DocumentTypes = []string{"id_card", "birth_certificate", "marriage_certificate", "death_certificate",
	"income_statement", "employment_record", "labour_contract", "diploma", "disability_certificate",
	"medical_report", "martyr_status", "military_record", "residence_certificate", "bank_account",
	"photo", "power_of_attorney"}

// RefusalGrounds are the grounds on which an application may be refused; each has a text in
// the messages as refusal.<code>.
var RefusalGrounds = []string{"incomplete_documents", "not_eligible", "income_above_threshold",
	"age_requirement", "record_length", "false_information", "not_competent", "duplicate"}

// Passport is a service of the catalogue as its service passport describes it: what it is,
// who delivers it, on what legal basis, through which channels, with which documents, within
// which time standards and deadline, for which fee.
type Passport struct {
	ID             int64        `json:"-"`
	Code           string       `json:"code" example:"05-04-02-00"`
	Direction      string       `json:"direction"`
	Name           i18n.Text    `json:"name" doc:"the service's name by language code: az, en, ru"`
	InstitutionID  int64        `json:"institution_id"`
	Institution    string       `json:"institution" doc:"code of the responsible institution"`
	LegalBasis     string       `json:"legal_basis"`
	Channels       []string     `json:"channels"`
	Documents      []string     `json:"documents"`
	RefusalGrounds []string     `json:"refusal_grounds"`
	FrontMinutes   int          `json:"front_office_minutes"`
	BackMinutes    int          `json:"back_office_minutes"`
	DeadlineDays   int          `json:"deadline_working_days"`
	Fee            money.Amount `json:"fee" doc:"in qəpik; 0 for free"`
	ProgramCode    string       `json:"program_code,omitempty" doc:"benefit programme whose rule decides the application"`
	ManyOpen       bool         `json:"many_open" doc:"a person may have several open applications for it at once (references for different purposes); otherwise one"`
	Active         bool         `json:"active"`
	Version        int64        `json:"version"`
	UpdatedBy      string       `json:"updated_by"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// Offers reports whether the service is requested through channel.
func (p Passport) Offers(channel string) bool { return slices.Contains(p.Channels, channel) }

// Letter is the first letter of the service's ticket numbers.
func (p Passport) Letter() string {
	for _, d := range Directions {
		if d.Code == p.Direction {
			return d.Letter
		}
	}
	return "X"
}

// ByDirection groups passports in the order of Directions, as the kiosk and the public
// catalogue show them.
func ByDirection(ps []Passport) [][]Passport {
	var out [][]Passport
	for _, d := range Directions {
		var group []Passport
		for _, p := range ps {
			if p.Direction == d.Code {
				group = append(group, p)
			}
		}
		if len(group) > 0 {
			out = append(out, group)
		}
	}
	return out
}

var codePattern = regexp.MustCompile(`^\d{2}-\d{2}-\d{2}-\d{2}$`)

// Validate lists every field of the passport that is not acceptable.
func (p Passport) Validate() error {
	var bad fail.Fields
	if !codePattern.MatchString(p.Code) {
		bad.Add("code", "invalid.service_code", nil)
	}
	if !slices.ContainsFunc(Directions, func(d struct{ Code, Letter string }) bool { return d.Code == p.Direction }) {
		bad.Add("direction", "invalid.choice", nil)
	}
	for _, lang := range p.Name.Missing() {
		bad.Add("name_"+lang, "invalid.required", nil)
	}
	if p.LegalBasis == "" {
		bad.Add("legal_basis", "invalid.required", nil)
	}
	if len(p.Channels) == 0 || !subset(p.Channels, AllChannels) {
		bad.Add("channels", "invalid.choice", nil)
	}
	if !subset(p.Documents, DocumentTypes) {
		bad.Add("documents", "invalid.choice", nil)
	}
	if !subset(p.RefusalGrounds, RefusalGrounds) {
		bad.Add("refusal_grounds", "invalid.choice", nil)
	}
	if p.FrontMinutes < 1 || p.FrontMinutes > 240 {
		bad.Add("front_office_minutes", "invalid.range", map[string]any{"Min": 1, "Max": 240})
	}
	if p.BackMinutes < 0 || p.BackMinutes > 10000 {
		bad.Add("back_office_minutes", "invalid.range", map[string]any{"Min": 0, "Max": 10000})
	}
	if p.DeadlineDays < 0 || p.DeadlineDays > MaxDeadlineDays {
		bad.Add("deadline_working_days", "invalid.range", map[string]any{"Min": 0, "Max": MaxDeadlineDays})
	}
	if p.Fee < 0 {
		bad.Add("fee", "invalid.amount", nil)
	}
	return bad.Err()
}

func subset(xs, of []string) bool {
	for _, x := range xs {
		if !slices.Contains(of, x) {
			return false
		}
	}
	return true
}
