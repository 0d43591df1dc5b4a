package interop

import (
	"context"
	"errors"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
)

// RecordType is the reg_record_type of what a search returns: members (persons).
const RecordType = "spdci:Member"

// RegType is the reg_type dost answers with.
const RegType = "ns:dost:RegistryType:Social"

// record writes p as a DCI member record holding only the fields c's agreement allows: a
// field not allowed is absent, not empty, so that a client cannot tell "not allowed" from
// "not known" by the shape alone.
func (s *Service) record(ctx context.Context, c identity.Client, p registry.Person) (map[string]any, error) {
	rec := map[string]any{"@type": RecordType}
	demo := map[string]any{"@type": "SRPerson"}
	if c.Allows(FieldUIN) {
		rec["member_identifier"] = []map[string]any{{"@type": "Identifier", "identifier_type": "UIN", "identifier_value": p.FIN}}
	}
	if c.Allows(FieldName) {
		demo["name"] = map[string]any{"@type": "Name", "surname": p.LastName, "given_name": p.FirstName, "second_name": p.Patronymic}
	}
	if c.Allows(FieldSex) {
		demo["sex"] = map[string]string{"M": "male", "F": "female"}[p.Sex]
	}
	if c.Allows(FieldBirthDate) {
		demo["birth_date"] = date(p.BirthDate)
	}
	if c.Allows(FieldDeathDate) && !p.DeathDate.IsZero() {
		demo["death_date"] = date(p.DeathDate)
	}
	if c.Allows(FieldAddress) {
		demo["address"] = map[string]any{"@type": "Address", "street_address": p.RegAddress,
			"city": s.registry.PlaceLabel(p.RegPlaceID, "az"), "country": "AZE"}
	}
	if c.Allows(FieldDisability) {
		rec["is_disabled"] = p.Disabled(clock.Today(s.clock))
		rec["disability_group"] = p.DisabilityGroup
	}
	if len(demo) > 1 {
		rec["demographic_info"] = demo
	}
	if c.Allows(FieldHousehold) {
		if err := s.household(ctx, p, rec); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// household adds the person's household: its identifier, their relationship, its size.
func (s *Service) household(ctx context.Context, p registry.Person, rec map[string]any) error {
	h, err := s.registry.Household(ctx, p)
	if errors.Is(err, fail.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, m := range h.Members {
		if m.PersonID == p.ID {
			rec["household"] = map[string]any{"group_identifier": h.UUID, "relationship": m.Relationship, "group_size": len(h.Members)}
		}
	}
	return nil
}

func date(d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
