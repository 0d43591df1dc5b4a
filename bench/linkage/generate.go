package main

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/interop/linkage"
	"github.com/dost-platform/dost/internal/registry/places"
)

// A synthetic registry: households of the demo country (a surname, an address, a father whose
// name is the children's patronymic), and a share of extra records that register an existing
// person a second time the way it happens at a desk — in Russian or English spelling, with the
// patronymic written differently, a woman under her father's form of the surname, a FİN
// mistyped or left out, the day and month of birth swapped, a name mistyped, or after the
// household moved. Twins (same household, same birth date, different given names and FİNs)
// are the hard non-matches. Every record carries its person's number, used only to score.
type generator struct {
	rnd   *rand.Rand
	names demo.NameLists
	dist  []places.Place
	fins  map[string]bool
}

type person struct {
	linkage.Record
	female bool
	father string // the father's given name, in Azerbaijani spelling
}

func newGenerator(seed uint64) (*generator, error) {
	all, err := places.All()
	if err != nil {
		return nil, err
	}
	g := &generator{rnd: rand.New(rand.NewPCG(seed, 7)), names: demo.Names(), fins: map[string]bool{}}
	for _, p := range all {
		if p.Kind == places.District {
			g.dist = append(g.dist, p)
		}
	}
	return g, nil
}

// registry returns n records of which about dupShare are second registrations of a person
// among the others, and each record's person number.
func (g *generator) registry(n int, dupShare float64) ([]linkage.Record, []string) {
	originals := n - int(float64(n)*dupShare)
	var people []person
	var entity []string
	for len(people) < originals {
		for _, p := range g.household() {
			if len(people) < originals {
				entity = append(entity, fmt.Sprint(len(people)))
				people = append(people, p)
			}
		}
	}
	recs := make([]linkage.Record, 0, n)
	for _, p := range people {
		recs = append(recs, p.Record)
	}
	for len(recs) < n {
		i := g.rnd.IntN(originals)
		recs = append(recs, g.duplicate(people[i]))
		entity = append(entity, entity[i])
	}
	g.rnd.Shuffle(len(recs), func(i, j int) {
		recs[i], recs[j] = recs[j], recs[i]
		entity[i], entity[j] = entity[j], entity[i]
	})
	return recs, entity
}

func (g *generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

// household is a father, usually a mother, and up to four children, one in a hundred a twin.
func (g *generator) household() []person {
	surname := g.pick(g.names.Surnames)
	if g.rnd.IntN(3) == 0 {
		surname = g.pick(g.names.CommonSurnames)
	}
	addr := g.address()
	fatherAge := 25 + g.rnd.IntN(55)
	head := g.person(surname, false, g.pick(g.names.Male), fatherAge, addr)
	out := []person{head}
	if g.rnd.IntN(5) > 0 {
		out = append(out, g.person(surname, true, g.pick(g.names.Male), fatherAge-g.rnd.IntN(8), addr))
	}
	named := map[string]bool{head.Given: true} // parents do not give two children one name
	addChild := func(age int) person {
		for {
			c := g.person(surname, g.rnd.IntN(2) == 0, head.Given, age, addr)
			if !named[c.Given] {
				named[c.Given] = true
				out = append(out, c)
				return c
			}
		}
	}
	for range g.rnd.IntN(5) {
		age := fatherAge - 20 - g.rnd.IntN(15)
		if age < 0 {
			break
		}
		child := addChild(age)
		if g.rnd.IntN(100) == 0 {
			addChild(age)
			out[len(out)-1].BirthDate = child.BirthDate
		}
	}
	return out
}

func (g *generator) person(surname string, female bool, father string, age int, addr linkage.Record) person {
	p := person{female: female, father: father}
	p.Record = addr
	p.ID = g.fin()
	p.Surname, p.Given, p.Patronymic = surname, g.pick(g.names.Male), father+" oğlu"
	if female {
		p.Surname, p.Given, p.Patronymic = demo.Feminine(surname), g.pick(g.names.Female), father+" qızı"
	}
	p.BirthDate = fmt.Sprintf("%04d-%02d-%02d", 2026-age, 1+g.rnd.IntN(12), 1+g.rnd.IntN(28))
	return p
}

// address is a district (its code stands where a postcode would), a street and a house.
func (g *generator) address() linkage.Record {
	d := g.dist[g.rnd.IntN(len(g.dist))]
	return linkage.Record{Locality: d.Name.In("az"), Postcode: d.Code, Street: g.pick(g.names.Streets),
		StreetNo: fmt.Sprint(1 + g.rnd.IntN(200)), Street2: fmt.Sprintf("m. %d", 1+g.rnd.IntN(120))}
}

const finAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

func (g *generator) fin() string {
	for {
		b := make([]byte, 7)
		for i := range b {
			b[i] = finAlphabet[g.rnd.IntN(len(finAlphabet))]
		}
		if s := string(b); !g.fins[s] {
			g.fins[s] = true
			return s
		}
	}
}

// duplicate writes the person again with one to three of the slips a second registration shows.
func (g *generator) duplicate(p person) linkage.Record {
	r := p.Record
	switch g.rnd.IntN(10) { // the FİN: half the time right, else mistyped or not given
	case 0, 1:
		r.ID = g.mistype(r.ID, finAlphabet)
	case 2, 3, 4:
		r.ID = ""
	}
	for range 1 + g.rnd.IntN(3) {
		switch g.rnd.IntN(8) {
		case 0:
			r.Given, r.Surname = russian(r.Given), russian(r.Surname)
			r.Patronymic = russianPatronymic(p)
		case 1:
			r.Given, r.Surname, r.Patronymic = english(r.Given), english(r.Surname), english(r.Patronymic)
		case 2: // the patronymic with the father's name only, or not at all
			r.Patronymic = []string{p.father, ""}[g.rnd.IntN(2)]
		case 3:
			if p.female {
				r.Surname = strings.TrimSuffix(r.Surname, "a")
			} else {
				r.Given, r.Surname = r.Surname, r.Given
			}
		case 4:
			r.BirthDate = g.slipDate(r.BirthDate)
		case 5:
			r.Given = g.mistype(r.Given, "abcdeəfghıijklmnoöprsştuüvxyz")
		case 6:
			r.Surname = g.mistype(r.Surname, "abcdeəfghıijklmnoöprsştuüvxyz")
		case 7: // the household moved
			a := g.address()
			r.Locality, r.Postcode, r.Street, r.StreetNo, r.Street2 = a.Locality, a.Postcode, a.Street, a.StreetNo, a.Street2
		}
	}
	return r
}

// slipDate swaps day and month when both could be a month, else mistypes one digit.
func (g *generator) slipDate(d string) string {
	y, m, day := d[:4], d[5:7], d[8:10]
	if day <= "12" && day != m && g.rnd.IntN(2) == 0 {
		return y + "-" + day + "-" + m
	}
	b := []byte(d)
	i := []int{2, 3, 6, 9}[g.rnd.IntN(4)]
	b[i] = byte('0' + g.rnd.IntN(10))
	return string(b)
}

// mistype replaces, drops or swaps one character.
func (g *generator) mistype(s, alphabet string) string {
	r := []rune(s)
	if len(r) < 3 {
		return s
	}
	i := 1 + g.rnd.IntN(len(r)-2)
	switch g.rnd.IntN(3) {
	case 0:
		a := []rune(alphabet)
		r[i] = a[g.rnd.IntN(len(a))]
	case 1:
		r = append(r[:i], r[i+1:]...)
	default:
		r[i], r[i+1] = r[i+1], r[i]
	}
	return string(r)
}

// english writes Azerbaijani letters the way a foreign passport does.
var english = strings.NewReplacer("ə", "a", "Ə", "A", "ı", "i", "İ", "I", "ö", "o", "Ö", "O", "ü", "u",
	"Ü", "U", "ş", "sh", "Ş", "Sh", "ç", "ch", "Ç", "Ch", "ğ", "gh", "x", "kh", "X", "Kh", "c", "j", "C", "J").Replace

// russian writes a name in Cyrillic the way Soviet-era documents did (Məmmədov → Маммадов,
// Quliyev → Гулиев, Hüseyn → Гюсейн).
var russian = strings.NewReplacer(
	"yev", "ев", "yeva", "ева", "ya", "я", "yu", "ю", "ye", "е",
	"a", "а", "b", "б", "c", "дж", "ç", "ч", "d", "д", "e", "е", "ə", "а", "f", "ф", "g", "г",
	"ğ", "г", "h", "г", "x", "х", "ı", "ы", "i", "и", "j", "ж", "k", "к", "q", "г", "l", "л", "m", "м",
	"n", "н", "o", "о", "ö", "ё", "p", "п", "r", "р", "s", "с", "ş", "ш", "t", "т", "u", "у", "ü", "ю",
	"v", "в", "y", "й", "z", "з",
	"A", "А", "B", "Б", "C", "Дж", "Ç", "Ч", "D", "Д", "E", "Е", "Ə", "А", "F", "Ф", "G", "Г",
	"H", "Г", "X", "Х", "I", "Ы", "İ", "И", "J", "Ж", "K", "К", "Q", "Г", "L", "Л", "M", "М",
	"N", "Н", "O", "О", "Ö", "Ё", "P", "П", "R", "Р", "S", "С", "Ş", "Ш", "T", "Т", "U", "У", "Ü", "Ю",
	"V", "В", "Y", "Й", "Z", "З").Replace

// russianPatronymic is the Russian form: Əli → Алиевич / Алиевна, Rauf → Рауфович.
func russianPatronymic(p person) string {
	f := russian(p.father)
	link := "ов"
	if strings.HasSuffix(p.father, "i") || strings.HasSuffix(p.father, "a") || strings.HasSuffix(p.father, "ə") {
		link = "ев"
	}
	if p.female {
		return f + link + "на"
	}
	return f + link + "ич"
}
