package registry

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// EditableFields lists, in form order, the person fields an officer may correct. Each is
// read and written as text so that one code path serves forms, the API and the history.
var EditableFields = []string{
	"last_name", "first_name", "patronymic", "sex", "birth_date", "death_date", "citizenship",
	"reg_place_id", "reg_address", "act_place_id", "act_address", "phone", "email", "iban",
	"disability_group", "disability_percent", "disability_until",
}

// Field returns the text form of one editable field.
func (p *Person) Field(name string) string {
	switch name {
	case "last_name":
		return p.LastName
	case "first_name":
		return p.FirstName
	case "patronymic":
		return p.Patronymic
	case "sex":
		return p.Sex
	case "birth_date":
		return p.BirthDate.String()
	case "death_date":
		return p.DeathDate.String()
	case "citizenship":
		return p.Citizenship
	case "reg_place_id":
		return idText(p.RegPlaceID)
	case "reg_address":
		return p.RegAddress
	case "act_place_id":
		return idText(p.ActPlaceID)
	case "act_address":
		return p.ActAddress
	case "phone":
		return p.Phone
	case "email":
		return p.Email
	case "iban":
		return p.IBAN
	case "disability_group":
		return strconv.Itoa(p.DisabilityGroup)
	case "disability_percent":
		return strconv.Itoa(p.DisabilityPercent)
	case "disability_until":
		return p.DisabilityUntil.String()
	}
	return ""
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Set validates and stores one field from text. It returns the message key of the problem,
// or "" when the value was accepted. Cross-field rules live in Validate.
func (p *Person) Set(name, value string) string {
	value = strings.TrimSpace(value)
	switch name {
	case "last_name", "first_name", "patronymic":
		return p.setName(name, value)
	case "sex":
		if value != "M" && value != "F" {
			return "invalid.sex"
		}
		p.Sex = value
	case "birth_date", "death_date", "disability_until":
		return p.setDate(name, value)
	case "citizenship":
		if len(value) != 3 || strings.ToUpper(value) != value || !isLetters(value) {
			return "invalid.citizenship"
		}
		p.Citizenship = value
	case "reg_place_id", "act_place_id":
		return p.setPlace(name, value)
	case "reg_address", "act_address":
		if len(value) > 300 {
			return "invalid.too_long"
		}
		if name == "reg_address" {
			p.RegAddress = value
		} else {
			p.ActAddress = value
		}
	case "phone", "email", "iban":
		return p.setContact(name, value)
	case "disability_group", "disability_percent":
		return p.setDisability(name, value)
	default:
		return "invalid.unknown_field"
	}
	return ""
}

// setName accepts names in the Azerbaijani Latin alphabet, with hyphens, apostrophes and
// spaces (Əli-Heydər, O'Neil); a patronymic may be empty.
func (p *Person) setName(name, v string) string {
	if v == "" && name != "patronymic" {
		return "invalid.required"
	}
	if len([]rune(v)) > 60 {
		return "invalid.too_long"
	}
	for _, r := range v {
		if !(strings.ContainsRune("əçğıöşüƏÇĞİÖŞÜ-' ", r) || r < unicode.MaxASCII && unicode.IsLetter(r)) {
			return "invalid.name"
		}
	}
	switch name {
	case "last_name":
		p.LastName = v
	case "first_name":
		p.FirstName = v
	default:
		p.Patronymic = v
	}
	return ""
}

func (p *Person) setDate(name, v string) string {
	var d clock.Date
	if v != "" {
		var err error
		if d, err = clock.ParseDate(v); err != nil {
			return "invalid.date"
		}
	} else if name == "birth_date" {
		return "invalid.required"
	}
	switch name {
	case "birth_date":
		p.BirthDate = d
	case "death_date":
		p.DeathDate = d
	default:
		p.DisabilityUntil = d
	}
	return ""
}

func (p *Person) setPlace(name, v string) string {
	var id int64
	if v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return "invalid.place"
		}
		id = n
	}
	if name == "reg_place_id" {
		p.RegPlaceID = id
	} else {
		p.ActPlaceID = id
	}
	return ""
}

func (p *Person) setContact(name, v string) string {
	switch {
	case v == "":
	case name == "phone":
		n, ok := NormalizePhone(v)
		if !ok {
			return "invalid.phone"
		}
		v = n
	case name == "email":
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v || a.Name != "" {
			return "invalid.email"
		}
	default:
		n, ok := NormalizeIBAN(v)
		if !ok {
			return "invalid.iban"
		}
		v = n
	}
	switch name {
	case "phone":
		p.Phone = v
	case "email":
		p.Email = v
	default:
		p.IBAN = v
	}
	return ""
}

func (p *Person) setDisability(name, v string) string {
	if v == "" {
		v = "0"
	}
	n, err := strconv.Atoi(v)
	if name == "disability_group" {
		if err != nil || n < 0 || n > 3 {
			return "invalid.disability_group"
		}
		p.DisabilityGroup = n
		return ""
	}
	if err != nil || n < 0 || n > 100 {
		return "invalid.percent"
	}
	p.DisabilityPercent = n
	return ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Validate checks the rules that span fields or depend on today's date and adds what fails.
func (p *Person) Validate(today clock.Date, errs *fail.Fields) {
	if _, ok := NormalizeFIN(p.FIN); !ok {
		errs.Add("fin", "invalid.fin", nil)
	}
	if p.BirthDate.IsZero() {
		return
	}
	if today.Before(p.BirthDate) || p.BirthDate.Before(clock.NewDate(1900, 1, 1)) {
		errs.Add("birth_date", "invalid.birth_date_range", nil)
	}
	if !p.DeathDate.IsZero() && (p.DeathDate.Before(p.BirthDate) || today.Before(p.DeathDate)) {
		errs.Add("death_date", "invalid.death_date_range", nil)
	}
}

// Apply sets every field in values (name → text) on a copy of p, validates the result, and
// returns the copy with the list of changes, or all field errors at once.
func (p Person) Apply(values map[string]string, today clock.Date) (Person, []Change, error) {
	next := p
	var errs fail.Fields
	var changes []Change
	for _, name := range EditableFields {
		v, ok := values[name]
		if !ok {
			continue
		}
		if key := next.Set(name, v); key != "" {
			errs.Add(name, key, nil)
			continue
		}
		if old, now := p.Field(name), next.Field(name); old != now {
			changes = append(changes, Change{Field: name, Old: old, New: now})
		}
	}
	for name := range values {
		if next.Field(name) == "" && !slices.Contains(EditableFields, name) {
			errs.Add(name, "invalid.unknown_field", nil)
		}
	}
	next.Validate(today, &errs)
	return next, changes, errs.Err()
}
