package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// batch is one chunk of generated rows, written table by table.
type batch struct {
	persons, households, members, categories, incomes [][]any
}

var (
	personCols = []string{"id", "uuid", "fin", "last_name", "first_name", "patronymic", "name_key",
		"alt_key", "sex", "birth_date", "death_date", "citizenship", "reg_place_id", "reg_district_id",
		"reg_address", "act_place_id", "act_address", "phone", "email", "iban", "disability_group",
		"disability_percent", "disability_until", "version", "created_at", "updated_at"}
	householdCols = []string{"id", "uuid", "head_person_id", "place_id", "address", "version", "created_at", "utility_cost", "utility_cost_source"}
	memberCols    = []string{"household_id", "person_id", "relationship"}
	categoryCols  = []string{"id", "person_id", "category", "evidence", "source", "valid_from", "valid_until"}
	incomeCols    = []string{"person_id", "month", "amount", "source"}
)

func (b *batch) write(ctx context.Context, d *db.DB) error {
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"persons", personCols, b.persons},
		{"households", householdCols, b.households},
		{"household_members", memberCols, b.members},
		{"person_categories", categoryCols, b.categories},
		{"person_incomes", incomeCols, b.incomes},
	} {
		if _, err := d.BulkInsert(ctx, t.table, t.cols, &db.SliceRows{Data: t.rows}); err != nil {
			return fmt.Errorf("demo %s: %w", t.table, err)
		}
	}
	if len(b.households) == 0 {
		return nil
	}
	// the households the batch wrote have consecutive ids: their kept facts in one statement
	first, last := b.households[0][0].(int64), b.households[len(b.households)-1][0].(int64)
	return registrydb.RefreshFacts(ctx, d, first-1, last)
}

// batch generates whole households until at least n persons are made.
func (g *generator) batch(n int) *batch {
	b := &batch{}
	start := g.persons
	for g.persons-start < n {
		g.household(b, min(g.householdSize(), n-(g.persons-start)))
	}
	return b
}

func (g *generator) householdSize() int {
	r := g.rnd.IntN(100)
	for size, cum := range []int{0, 10, 25, 45, 70, 88, 96, 100} {
		if r < cum {
			return size
		}
	}
	return 4
}

type member struct {
	registry.Person
	relationship string
}

func (g *generator) household(b *batch, size int) {
	g.homes++
	district := g.districts[g.rnd.IntN(len(g.districts))]
	placeID := district.ID*100 + 1
	address := fmt.Sprintf("%s %d, m. %d", g.pick(streets), 1+g.rnd.IntN(180), 1+g.rnd.IntN(90))
	surname := g.pick(surnames)
	if g.chance(0.3) {
		surname = g.pick(commonSurnames)
	}
	today := g.o.Today
	headMale := size > 1 && g.chance(0.85) || size == 1 && g.chance(0.5)
	headAge := 25 + g.rnd.IntN(55)
	if size == 1 {
		headAge = 20 + g.rnd.IntN(70)
	}
	head := g.person(surname, headMale, headAge, g.pick(maleNames))
	people := []member{{head, "head"}}
	if size >= 2 && g.chance(0.85) {
		people = append(people, member{g.person(surname, !headMale, max(18, headAge-5+g.rnd.IntN(8)), g.pick(maleNames)), "spouse"})
	}
	father := head.FirstName
	if !headMale {
		father = g.pick(maleNames)
	}
	for len(people) < size {
		if headAge < 50 && g.chance(0.1) {
			people = append(people, member{g.person(surname, g.chance(0.4), headAge+22+g.rnd.IntN(10), g.pick(maleNames)), "parent"})
			continue
		}
		childAge := g.rnd.IntN(max(1, min(35, headAge-19)))
		people = append(people, member{g.person(surname, g.chance(0.51), childAge, father), "child"})
	}
	hid := int64(g.homes)
	b.households = append(b.households, append([]any{hid, newUUID(), head.ID, placeID, address, 1, g.now}, g.utility(len(people))...))
	idle := map[int64]bool{}
	for _, m := range people {
		m.RegPlaceID, m.RegDistrictID, m.RegAddress = placeID, district.ID, address
		m.ActPlaceID, m.ActAddress = placeID, address
		b.persons = append(b.persons, g.personRow(m.Person))
		b.members = append(b.members, []any{hid, m.ID, m.relationship})
		idle[m.ID] = !g.incomes(b, m.Person)
	}
	g.categories(b, people, today)
	g.reasons(b, people, idle, today)
}

// utility is a household's monthly utility and communication cost with its source: known
// for nine households in ten, about 12 to 40 AZN a member (above a tenth of a living wage of
// 300 AZN for about a third of them).
func (g *generator) utility(members int) []any {
	if !g.chance(0.9) {
		return []any{nil, ""}
	}
	return []any{int64(members) * (1200 + int64(g.rnd.IntN(2800))), registry.SourceDemo}
}

// reasons gives some of the working-age members without a wage who are not disabled a reason
// beyond the family's control for it, with its evidence (TSSA, domain.md §1.5): study under 23,
// the care of a small child, registered unemployment after a layoff, rarely a missing or
// imprisoned person. The others have none, as in life.
func (g *generator) reasons(b *batch, people []member, idle map[int64]bool, today clock.Date) {
	small := slices.ContainsFunc(people, func(m member) bool { return m.BirthDate.AgeOn(today) < 8 })
	for _, m := range people {
		if !idle[m.ID] || !m.Alive() || m.Disabled(today) || !registry.WorkingAge(m.BirthDate, m.Sex, today) {
			continue
		}
		code, evidence := "", ""
		switch age := m.BirthDate.AgeOn(today); {
		case age < 23 && g.chance(0.25):
			code, evidence = registry.CatStudent, fmt.Sprintf("Tələbə bileti №%06d", g.rnd.IntN(1e6))
		case small && m.Sex == "F" && g.chance(0.12):
			code, evidence = registry.CatCarer, "Uşağın doğum haqqında şəhadətnaməsi"
		case g.chance(0.03):
			code, evidence = registry.CatUnemployed, fmt.Sprintf("Məşğulluq mərkəzinin arayışı №%05d", g.rnd.IntN(1e5))
		case g.chance(0.01):
			code, evidence = registry.CatImprisoned, "Məhkəmə hökmü"
		case g.chance(0.01):
			code, evidence = registry.CatMissing, "Polis arayışı"
		default:
			continue
		}
		g.cats++
		b.categories = append(b.categories, []any{int64(g.cats), m.ID, code, evidence, registry.SourceDemo, today.AddDays(-30 - g.rnd.IntN(700)), clock.Date{}})
	}
}

// person makes one person aged age whose father is called father.
func (g *generator) person(surname string, male bool, age int, father string) registry.Person {
	g.persons++
	p := registry.Person{ID: int64(g.persons), UUID: newUUID(), FIN: fin(g.persons), Citizenship: "AZE", Version: 1}
	p.LastName, p.FirstName, p.Sex, p.Patronymic = surname, g.pick(maleNames), "M", father+" oğlu"
	if !male {
		p.LastName, p.FirstName, p.Sex, p.Patronymic = feminine(surname), g.pick(femaleNames), "F", father+" qızı"
	}
	today := g.o.Today
	p.BirthDate = clock.NewDate(today.Year-age-1, 1, 1).AddDays(g.rnd.IntN(365))
	if age >= 60 && g.chance(0.01) {
		p.DeathDate = today.AddDays(-g.rnd.IntN(700) - 1)
	}
	adult := age >= 18
	if adult && g.chance(0.9) {
		p.Phone = fmt.Sprintf("+994%s%07d", g.pick(mobileCodes), g.rnd.IntN(10000000))
	}
	if adult && g.chance(0.2) {
		p.Email = fmt.Sprintf("user%d@mail.az", p.ID)
	}
	if adult && g.chance(0.7) {
		p.IBAN = registry.IBANWithCheck(g.pick(banks), fmt.Sprintf("%020d", g.rnd.Int64N(1e18)))
	}
	g.disability(&p, adult)
	return p
}

func (g *generator) disability(p *registry.Person, adult bool) {
	switch {
	case adult && g.chance(0.05):
		p.DisabilityGroup = []int{1, 2, 2, 2, 3, 3, 3}[g.rnd.IntN(7)]
	case !adult && g.chance(0.015):
		p.DisabilityPercent = 30 + 10*g.rnd.IntN(8)
	default:
		return
	}
	if g.chance(0.5) {
		p.DisabilityUntil = g.o.Today.AddDays(60 + g.rnd.IntN(3*365))
	}
}

func (g *generator) personRow(p registry.Person) []any {
	nameKey, altKey := registry.SearchKeys(p.LastName, p.FirstName, p.Patronymic)
	return []any{p.ID, p.UUID, p.FIN, p.LastName, p.FirstName, p.Patronymic, nameKey, altKey, p.Sex,
		p.BirthDate, p.DeathDate, p.Citizenship, p.RegPlaceID, p.RegDistrictID, p.RegAddress,
		p.ActPlaceID, p.ActAddress, p.Phone, p.Email, p.IBAN, p.DisabilityGroup, p.DisabilityPercent,
		p.DisabilityUntil, p.Version, g.now, g.now}
}

// categories marks martyrs' families, veterans, displaced households and others at rates
// close to the real ones.
func (g *generator) categories(b *batch, people []member, today clock.Date) {
	add := func(p registry.Person, code, evidence string, from clock.Date) {
		g.cats++
		b.categories = append(b.categories, []any{int64(g.cats), p.ID, code, evidence, registry.SourceDemo, from, clock.Date{}})
	}
	since := today.AddDays(-365 * (1 + g.rnd.IntN(20)))
	switch {
	case g.chance(0.008):
		for _, m := range people[:min(2, len(people))] {
			add(m.Person, registry.CatMartyrFamily, fmt.Sprintf("Şəhid ailəsi vəsiqəsi №%06d", g.rnd.IntN(1e6)), clock.NewDate(2020, 11, 10))
		}
	case g.chance(0.07):
		for _, m := range people {
			add(m.Person, registry.CatIDP, fmt.Sprintf("MKŞ vəsiqəsi №%07d", g.rnd.IntN(1e7)), since)
		}
	}
	children := 0
	for _, m := range people {
		age := m.BirthDate.AgeOn(today)
		if m.Sex == "M" && age >= 22 && age <= 55 && g.chance(0.06) {
			add(m.Person, registry.CatWarVeteran, fmt.Sprintf("Müharibə veteranı vəsiqəsi №%06d", g.rnd.IntN(1e6)), clock.NewDate(2021, 1, 15))
		}
		if m.relationship == "child" && age < 18 {
			children++
		}
	}
	if children >= 4 {
		add(people[0].Person, registry.CatLargeFamily, "Doğum haqqında şəhadətnamələr", since)
	}
	if len(people) == 1 && people[0].BirthDate.AgeOn(today) >= 65 {
		add(people[0].Person, registry.CatLonePensioner, "Sosial işçinin aktı", since)
	}
}

// history is how many months of income the demo keeps: the 12 of the means test and three
// more, so that a decision or dry run dated up to three months back finds its year complete.
const history = 15

// incomes gives working-age adults a wage with some probability and people of pension age
// a pension, for each of the twelve months before today — what the TSSA means test reads —
// and reports whether the person earns. Most adults without a wage have declared no income
// (records of 0); some have no record at all, or a wage for only part of the year, so that
// their household's income is not known and its TSSA case goes to an officer.
func (g *generator) incomes(b *batch, p registry.Person) bool {
	age := p.BirthDate.AgeOn(g.o.Today)
	var monthly int64
	source, months := registry.IncomeSSPF, 12 // wages and pensions are both reported to the Fund
	switch {
	case !p.Alive() || age < 18:
		return false
	case !registry.WorkingAge(p.BirthDate, p.Sex, g.o.Today):
		monthly = 32000 + int64(g.rnd.IntN(40000))
	case g.chance(0.60):
		monthly = 40000 + int64(g.rnd.IntN(200000)) // from the minimum wage, 400 AZN
		if g.chance(0.01) {
			months = 3 + g.rnd.IntN(9)
		}
	case g.chance(0.985):
		monthly, source = 0, registry.IncomeDeclaration
	default:
		return false
	}
	if months == 12 {
		months = history
	}
	for i := 1; i <= months; i++ {
		month := clock.NewDate(g.o.Today.Year, g.o.Today.Month-time.Month(i), 1)
		b.incomes = append(b.incomes, []any{p.ID, month, monthly, source})
	}
	return monthly > 0
}
