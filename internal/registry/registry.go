// Package registry is the social registry: persons (by FİN), households, categories and the
// history of every change. Every programme reads it; every read of a person's record and every
// write is audited; concurrent edits are caught by a version number.
package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry/places"
)

// Store is the persistence the registry needs. Writes take the audit entry that must commit
// with them.
type Store interface {
	CreatePerson(ctx context.Context, p *Person, e audit.Entry) error
	PersonByFIN(ctx context.Context, fin string) (Person, error)
	UpdatePerson(ctx context.Context, p Person, changes []Change, e audit.Entry) (Person, error)
	SearchPersons(ctx context.Context, plan Plan) (found []Person, next string, err error)
	// CountPersons counts what a search selects, but at most most+1 persons.
	CountPersons(ctx context.Context, plan Plan, most int) (int, error)
	History(ctx context.Context, personID, beforeID int64, limit int) ([]Change, error)
	Categories(ctx context.Context, personID int64) ([]Category, error)
	AddCategory(ctx context.Context, c *Category, e audit.Entry) error
	HouseholdOf(ctx context.Context, personID int64) (Household, error)
	HouseholdByUUID(ctx context.Context, id string) (Household, error)
	CreateHousehold(ctx context.Context, h *Household, changes []Change, e audit.Entry) error
	UpdateHousehold(ctx context.Context, h Household, changes []Change, e audit.Entry) (Household, error)
	IncomeTotal(ctx context.Context, personIDs []int64, from, to clock.Date) (money.Amount, error)
	Incomes(ctx context.Context, personID int64, from, to clock.Date) ([]IncomeRecord, error)
	SaveIncome(ctx context.Context, inc *IncomeRecord, e audit.Entry) (Outcome, error)
	IncomeMonths(ctx context.Context, personID int64, from, to clock.Date) (int, error)
	SetUtility(ctx context.Context, h Household, e audit.Entry) (Household, error)
	HouseholdMembers(ctx context.Context, afterHousehold, uptoHousehold int64, limit int, from, to clock.Date) ([]MemberRow, error)
	LastHousehold(ctx context.Context) (int64, error)
	KeptFacts(ctx context.Context, afterHousehold, uptoHousehold int64, from, to clock.Date, visit func(MemberRow) error) error
	IBANStore
}

// Service is the registry's API to the rest of dost.
type Service struct {
	store  Store
	audit  audit.Recorder
	clock  clock.Clock
	places map[int64]places.Place
	list   []places.Place // parents first, as places.All returns them
}

// NewService builds the registry service over store.
func NewService(store Store, a audit.Recorder, c clock.Clock) (*Service, error) {
	all, err := places.All()
	if err != nil {
		return nil, err
	}
	idx := make(map[int64]places.Place, len(all))
	for _, p := range all {
		idx[p.ID] = p
	}
	return &Service{store: store, audit: a, clock: c, places: idx, list: all}, nil
}

// Person returns the person with fin and records the read.
func (s *Service) Person(ctx context.Context, fin, purpose string) (Person, error) {
	fin, ok := NormalizeFIN(fin)
	if !ok {
		return Person{}, fail.Fields{{Name: "fin", Key: "invalid.fin"}}
	}
	p, err := s.store.PersonByFIN(ctx, fin)
	if err != nil {
		return Person{}, err
	}
	return p, s.audit.Record(ctx, audit.For(ctx, audit.Read, purpose, "person", fin, audit.Msg("card_read")))
}

// Search finds persons and records which ones the searcher was shown.
func (s *Service) Search(ctx context.Context, q Query) ([]Person, string, error) {
	plan, ok := q.Compile()
	if !ok {
		return nil, "", fail.Fields{{Name: "q", Key: "invalid.search_text"}}
	}
	found, next, err := s.store.SearchPersons(ctx, plan)
	if err != nil {
		return nil, "", err
	}
	fins := make([]string, len(found))
	for i, p := range found {
		fins[i] = p.FIN
	}
	e := audit.For(ctx, audit.Search, "search", "person", "", audit.Msg("shown_list", "Count", len(found), "List", strings.Join(fins, ", ")))
	return found, next, s.audit.Record(ctx, e)
}

// SearchCap is the most persons a search counts exactly; beyond it the page says "more than
// 1 000": an exact count of every Məmmədov among ten million persons is a range scan nobody
// waits for, and no officer pages through a thousand namesakes.
const SearchCap = 1000

// CountSearch counts the persons a search selects, exactly up to SearchCap; over says there are
// more than that. A count names nobody, so it is not in the audit log (the search itself is).
func (s *Service) CountSearch(ctx context.Context, q Query) (n int, over bool, err error) {
	plan, ok := q.Compile()
	if !ok {
		return 0, false, fail.Fields{{Name: "q", Key: "invalid.search_text"}}
	}
	n, err = s.store.CountPersons(ctx, plan, SearchCap)
	if n > SearchCap {
		return SearchCap, true, err
	}
	return n, false, err
}

// Create registers a new person from field values, all validated at once.
func (s *Service) Create(ctx context.Context, fin string, values map[string]string, source string) (Person, error) {
	base := Person{FIN: strings.TrimSpace(fin), Citizenship: "AZE"}
	if n, ok := NormalizeFIN(fin); ok {
		base.FIN = n
	}
	for _, req := range []string{"last_name", "first_name", "sex", "birth_date"} {
		if _, ok := values[req]; !ok {
			values[req] = ""
		}
	}
	p, _, err := base.Apply(values, clock.Today(s.clock))
	if err == nil {
		err = s.resolvePlaces(&p)
	}
	if err != nil {
		return Person{}, err
	}
	p.UUID = newUUID()
	p.CreatedAt, p.UpdatedAt, p.Version = s.clock.Now(), s.clock.Now(), 1
	e := audit.For(ctx, audit.Create, "registration", "person", p.FIN, audit.Msg("source", "Source", audit.Word("source."+source)))
	return p, s.store.CreatePerson(ctx, &p, e)
}

// Update applies field values to the person with fin, provided nobody has changed the
// record since the caller read version; otherwise it returns fail.ErrConflict.
func (s *Service) Update(ctx context.Context, fin string, version int64, values map[string]string, source string) (Person, error) {
	cur, err := s.store.PersonByFIN(ctx, fin)
	if err != nil {
		return Person{}, err
	}
	if cur.Version != version {
		return Person{}, fmt.Errorf("person at version %d, edit based on %d: %w", cur.Version, version, fail.ErrConflict)
	}
	next, changes, err := cur.Apply(values, clock.Today(s.clock))
	if err == nil {
		err = s.resolvePlaces(&next)
	}
	if err != nil || len(changes) == 0 {
		return cur, err
	}
	now := s.clock.Now()
	next.UpdatedAt = now
	for i := range changes {
		changes[i].PersonID, changes[i].At, changes[i].Source = cur.ID, now, source
		if p := authz.From(ctx); p != nil {
			changes[i].ActorID, changes[i].ActorLogin = p.UserID, p.Login
		}
	}
	e := audit.For(ctx, audit.Update, "correction", "person", fin, audit.Msg("fields", "Fields", changedFields(changes)))
	if slices.ContainsFunc(changes, isIBAN) {
		return s.updateWithIBAN(ctx, cur, next, changes, e)
	}
	return s.store.UpdatePerson(ctx, next, changes, e)
}

func changedFields(cs []Change) audit.Words {
	names := make(audit.Words, len(cs))
	for i, c := range cs {
		names[i] = "field." + c.Field
	}
	return names
}

// resolvePlaces checks that addresses point at a known district or settlement and derives
// the registered district.
func (s *Service) resolvePlaces(p *Person) error {
	var errs fail.Fields
	for _, f := range []struct {
		name string
		id   int64
	}{{"reg_place_id", p.RegPlaceID}, {"act_place_id", p.ActPlaceID}} {
		if pl, ok := s.places[f.id]; f.id != 0 && (!ok || pl.Kind == places.Region) {
			errs.Add(f.name, "invalid.place", nil)
		}
	}
	p.RegDistrictID = s.DistrictOf(p.RegPlaceID)
	return errs.Err()
}

// DistrictOf returns the district a place lies in (itself, for a district), or 0.
func (s *Service) DistrictOf(placeID int64) int64 {
	pl, ok := s.places[placeID]
	switch {
	case !ok:
		return 0
	case pl.Kind == places.Settlement:
		return pl.ParentID
	case pl.Kind == places.District:
		return pl.ID
	}
	return 0
}

// PlaceLabel names a place for people: "Bakıxanov qəsəbəsi, Sabunçu rayonu" for a
// settlement, the district's name for a district, "—" for none.
func (s *Service) PlaceLabel(id int64, lang string) string {
	p, ok := s.places[id]
	if !ok {
		return "—"
	}
	if parent, ok := s.places[p.ParentID]; ok && p.Kind == places.Settlement {
		return p.Name.In(lang) + ", " + parent.Name.In(lang)
	}
	return p.Name.In(lang)
}

// Place returns a place from the reference list.
func (s *Service) Place(id int64) (places.Place, bool) {
	p, ok := s.places[id]
	return p, ok
}

// History returns a page of the person's change history, newest first.
func (s *Service) History(ctx context.Context, p Person, beforeID int64) ([]Change, error) {
	return s.store.History(ctx, p.ID, beforeID, 50)
}

// Categories returns the person's categories.
func (s *Service) Categories(ctx context.Context, p Person) ([]Category, error) {
	return s.store.Categories(ctx, p.ID)
}

// AddCategory records a category for the person with its evidence.
func (s *Service) AddCategory(ctx context.Context, p Person, c Category) (Category, error) {
	var errs fail.Fields
	if !slices.Contains(Categories, c.Code) {
		errs.Add("code", "invalid.category", nil)
	}
	if c.ValidFrom.IsZero() {
		errs.Add("valid_from", "invalid.required", nil)
	} else if !c.ValidUntil.IsZero() && c.ValidUntil.Before(c.ValidFrom) {
		errs.Add("valid_until", "invalid.date_order", nil)
	}
	if strings.TrimSpace(c.Evidence) == "" {
		errs.Add("evidence", "invalid.required", nil)
	}
	if err := errs.Err(); err != nil {
		return c, err
	}
	c.PersonID = p.ID
	if c.Source == "" {
		c.Source = SourceManual
	}
	return c, s.store.AddCategory(ctx, &c, audit.For(ctx, audit.Create, "category", "person", p.FIN, audit.Msg("category", "Category", audit.Word("cat."+c.Code))))
}

// Household returns the household the person belongs to and records the read.
func (s *Service) Household(ctx context.Context, p Person) (Household, error) {
	h, err := s.store.HouseholdOf(ctx, p.ID)
	if err != nil {
		return h, err
	}
	return h, s.audit.Record(ctx, audit.For(ctx, audit.Read, "household", "household", h.UUID, audit.Msg("members", "Count", len(h.Members))))
}

func newUUID() string { return uuid.Must(uuid.NewV7()).String() }

// Places returns the whole reference list of places, parents first.
func (s *Service) Places() []places.Place { return s.list }

// Districts lists the districts in code order, for filters and address forms.
func (s *Service) Districts() []places.Place {
	var out []places.Place
	for _, p := range s.list {
		if p.Kind == places.District {
			out = append(out, p)
		}
	}
	return out
}

// AddressPlaces lists the settlements and districts an address may point at, grouped by
// district in code order.
func (s *Service) AddressPlaces() []places.Place {
	var out []places.Place
	for _, p := range s.list {
		if p.Kind != places.Region {
			out = append(out, p)
		}
	}
	return out
}
