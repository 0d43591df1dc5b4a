package eligibility

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
)

// The objects a rule reads facts of: the applicant (person), their household, and each of
// the household's members (household.members). A domain that knows something about people
// offers it on one of these objects with Offer.
const (
	PersonObject    = "person"
	HouseholdObject = "household"
	MemberObject    = "member"
)

// Fact is one thing a rule may read on an object, with its CEL type: cel.IntType (counts,
// ages, amounts in qəpik), cel.BoolType, cel.StringType, cel.ListType(cel.StringType), or
// Members for the household's members.
type Fact struct {
	Name string
	Type *cel.Type
}

// Members is the type of household.members: a list of member objects.
var Members = cel.ListType(cel.ObjectType(typeName(MemberObject)))

var (
	factsMu sync.RWMutex
	offered = map[string]map[string]*cel.Type{} // object → fact → type
	offerer = map[string]string{}               // object.fact → the domain that offers it
)

// Offer declares facts a domain gives every rule on object (PersonObject, HouseholdObject or
// MemberObject). A domain calls it once, from an init function in the file that gathers the
// facts (registry/rulefacts.go is the model), so that a rule naming a fact nobody offers, or
// using one as the wrong type, is refused when it is saved rather than failing every
// decision after it is activated. Offering one fact twice, from two domains or with two
// types, is a programming error and panics at start-up.
func Offer(domain, object string, facts ...Fact) {
	if object != PersonObject && object != HouseholdObject && object != MemberObject {
		panic(fmt.Sprintf("eligibility.Offer: %s offers facts on unknown object %q", domain, object))
	}
	factsMu.Lock()
	defer factsMu.Unlock()
	if offered[object] == nil {
		offered[object] = map[string]*cel.Type{}
	}
	for _, f := range facts {
		key := object + "." + f.Name
		if by, ok := offerer[key]; ok && (by != domain || !offered[object][f.Name].IsExactType(f.Type)) {
			panic(fmt.Sprintf("eligibility.Offer: %s offers %s, already offered by %s", domain, key, by))
		}
		offered[object][f.Name], offerer[key] = f.Type, domain
	}
}

// Offered lists the facts on object by name, for the rule editor's completion and the docs.
func Offered(object string) []Fact {
	factsMu.RLock()
	defer factsMu.RUnlock()
	var out []Fact
	for _, name := range slices.Sorted(maps.Keys(offered[object])) {
		out = append(out, Fact{Name: name, Type: offered[object][name]})
	}
	return out
}

func typeName(object string) string { return "dost." + object }

// factTypes tells the type checker the fields of the fact objects; every other type comes
// from CEL's own registry. At run time the facts are plain maps, which CEL selects from by
// key, so the declared types only decide what a rule may say.
type factTypes struct {
	types.Provider
	objects map[string]map[string]*cel.Type // by type name
}

func newFactTypes(base types.Provider) factTypes {
	factsMu.RLock()
	defer factsMu.RUnlock()
	p := factTypes{Provider: base, objects: map[string]map[string]*cel.Type{}}
	for _, o := range []string{PersonObject, HouseholdObject, MemberObject} {
		p.objects[typeName(o)] = maps.Clone(offered[o])
	}
	return p
}

func (p factTypes) FindStructType(name string) (*types.Type, bool) {
	if _, ok := p.objects[name]; ok {
		return types.NewTypeTypeWithParam(types.NewObjectType(name)), true
	}
	return p.Provider.FindStructType(name)
}

func (p factTypes) FindStructFieldNames(name string) ([]string, bool) {
	if fields, ok := p.objects[name]; ok {
		return slices.Sorted(maps.Keys(fields)), true
	}
	return p.Provider.FindStructFieldNames(name)
}

func (p factTypes) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if fields, ok := p.objects[name]; ok {
		t, ok := fields[field]
		if !ok {
			return nil, false
		}
		return &types.FieldType{Type: t}, true
	}
	return p.Provider.FindStructFieldType(name, field)
}
