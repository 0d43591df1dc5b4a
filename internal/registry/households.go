package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// HouseholdByUUID returns a household with its members and records the read.
func (s *Service) HouseholdByUUID(ctx context.Context, id string) (Household, error) {
	h, err := s.store.HouseholdByUUID(ctx, id)
	if err != nil {
		return h, err
	}
	return h, s.audit.Record(ctx, audit.For(ctx, audit.Read, "household", "household", h.UUID, audit.Msg("members", "Count", len(h.Members))))
}

// CreateHousehold registers a household headed by the person with headFIN, who must not
// belong to another household.
func (s *Service) CreateHousehold(ctx context.Context, headFIN string, placeID int64, address string) (Household, error) {
	head, err := s.personForHousehold(ctx, headFIN, "head_fin")
	if err != nil {
		return Household{}, err
	}
	var errs fail.Fields
	if pl, ok := s.places[placeID]; placeID != 0 && (!ok || pl.Kind == "region") {
		errs.Add("place_id", "invalid.place", nil)
	}
	if len(address) > 300 {
		errs.Add("address", "invalid.too_long", nil)
	}
	if err := errs.Err(); err != nil {
		return Household{}, err
	}
	h := Household{UUID: newUUID(), HeadPersonID: head.ID, PlaceID: placeID, Address: strings.TrimSpace(address), Version: 1,
		Members: []Member{{PersonID: head.ID, FIN: head.FIN, FullName: head.FullName(), Relationship: "head"}}}
	changes := []Change{s.membershipChange(ctx, head.ID, "", h.UUID+" (head)")}
	e := audit.For(ctx, audit.Create, "household", "household", h.UUID, audit.Msg("head", "Head", head.FIN))
	return h, s.store.CreateHousehold(ctx, &h, changes, e)
}

// SetMember adds the person with fin to the household, changes their relationship to the
// head, or — with relationship "" — removes them. Making someone "head" moves the head: the
// former head becomes "other" until an officer says more. A stale version is a conflict.
func (s *Service) SetMember(ctx context.Context, id string, version int64, fin, relationship string) (Household, error) {
	h, err := s.store.HouseholdByUUID(ctx, id)
	if err != nil {
		return h, err
	}
	if h.Version != version {
		return h, fmt.Errorf("household %s at version %d, edit based on %d: %w", id, h.Version, version, fail.ErrConflict)
	}
	if relationship != "" && !slices.Contains(Relationships, relationship) {
		return h, fail.Fields{{Name: "relationship", Key: "invalid.relationship"}}
	}
	fin, _ = NormalizeFIN(fin)
	i := slices.IndexFunc(h.Members, func(m Member) bool { return m.FIN == fin })
	next, changes, err := s.applyMember(ctx, h, i, fin, relationship)
	if err != nil {
		return h, err
	}
	e := audit.For(ctx, audit.Update, "household", "household", h.UUID, audit.Msg("member", "Member", fin, "Relationship", audit.Word("rel."+relationship)))
	return s.store.UpdateHousehold(ctx, next, changes, e)
}

func (s *Service) applyMember(ctx context.Context, h Household, i int, fin, rel string) (Household, []Change, error) {
	next := h
	next.Members = slices.Clone(h.Members)
	var changes []Change
	switch {
	case i < 0 && rel == "":
		return h, nil, fmt.Errorf("not a member of the household: %w", fail.ErrNotFound)
	case i < 0:
		p, err := s.personForHousehold(ctx, fin, "fin")
		if err != nil {
			return h, nil, err
		}
		next.Members = append(next.Members, Member{PersonID: p.ID, FIN: p.FIN, FullName: p.FullName(), Relationship: rel})
		i = len(next.Members) - 1
		changes = append(changes, s.membershipChange(ctx, p.ID, "", h.UUID+" ("+rel+")"))
		if rel != "head" {
			return next, changes, nil
		}
	case rel == "" && next.Members[i].Relationship == "head":
		return h, nil, fail.Fields{{Name: "fin", Key: "invalid.remove_head"}}
	case rel == "":
		changes = append(changes, s.membershipChange(ctx, next.Members[i].PersonID, h.UUID+" ("+next.Members[i].Relationship+")", ""))
		next.Members = slices.Delete(next.Members, i, i+1)
		return next, changes, nil
	default:
		m := next.Members[i]
		changes = append(changes, s.membershipChange(ctx, m.PersonID, h.UUID+" ("+m.Relationship+")", h.UUID+" ("+rel+")"))
		next.Members[i].Relationship = rel
		if rel != "head" || m.Relationship == "head" {
			return next, changes, nil
		}
	}
	for j := range next.Members { // a new head: the former head steps aside
		if j != i && next.Members[j].Relationship == "head" {
			changes = append(changes, s.membershipChange(ctx, next.Members[j].PersonID, h.UUID+" (head)", h.UUID+" (other)"))
			next.Members[j].Relationship = "other"
		}
	}
	next.HeadPersonID = next.Members[i].PersonID
	return next, changes, nil
}

// personForHousehold loads a living person who belongs to no household yet.
func (s *Service) personForHousehold(ctx context.Context, fin, field string) (Person, error) {
	n, ok := NormalizeFIN(fin)
	if !ok {
		return Person{}, fail.Fields{{Name: field, Key: "invalid.fin"}}
	}
	p, err := s.store.PersonByFIN(ctx, n)
	if err != nil {
		return p, err
	}
	if _, err := s.store.HouseholdOf(ctx, p.ID); err == nil {
		return p, fail.Fields{{Name: field, Key: "invalid.in_other_household"}}
	}
	return p, nil
}

func (s *Service) membershipChange(ctx context.Context, personID int64, old, new string) Change {
	c := Change{PersonID: personID, Field: "household", Old: old, New: new, Source: SourceManual, At: s.clock.Now()}
	if p := authz.From(ctx); p != nil {
		c.ActorID, c.ActorLogin = p.UserID, p.Login
	}
	return c
}

// SetUtility records a household's monthly utility and communication cost and where it comes
// from. A negative cost or an unknown source is refused; a stale version is a conflict.
func (s *Service) SetUtility(ctx context.Context, id string, version int64, cost money.Amount, source string) (Household, error) {
	var errs fail.Fields
	if cost < 0 {
		errs.Add("utility_cost", "invalid.utility_cost", nil)
	}
	if !slices.Contains(UtilitySources, source) {
		errs.Add("utility_cost_source", "invalid.utility_source", nil)
	}
	if err := errs.Err(); err != nil {
		return Household{}, err
	}
	h, err := s.store.HouseholdByUUID(ctx, id)
	if err != nil {
		return h, err
	}
	if h.Version != version {
		return h, fmt.Errorf("household %s at version %d, edit based on %d: %w", id, h.Version, version, fail.ErrConflict)
	}
	h.Utility = Utility{Known: true, Cost: cost, Source: source}
	e := audit.For(ctx, audit.Update, "household", "household", h.UUID, audit.Msg("utility_cost", "Cost", cost, "Source", audit.Word("utility_source."+source)))
	return s.store.SetUtility(ctx, h, e)
}
