package linkage

import (
	"maps"
	"math"
	"slices"
)

// Model is a fitted Fellegi–Sunter model. For field f and level l, M[f][l] is the probability
// that a true match compares at that level and U[f][l] the probability that a non-match does.
// Their log-ratio log2(M/U) is the field's weight: +10 means that outcome is about a thousand
// times likelier for the same person than for two different people, −5 that it is 32 times
// likelier for different people. A pair's weight is the sum over its fields (missing fields
// add nothing), and with the prior share of matches P among all pairs (one in five million in
// a registry of a million with a tenth duplicated: −22 bits) it gives the posterior
// probability that the pair is one person. The weights therefore explain every decision field
// by field.
type Model struct {
	Fields []string
	Levels [][]string
	M, U   [][]float64
	P      float64 // share of matches among all possible pairs: the prior before any field is compared
	Rounds int     // EM iterations run, both sessions
}

// pattern is a pair's comparison vector packed 3 bits per field (level+1, so 0 is missing).
type pattern uint64

func patternOf(a, b *prepared) pattern {
	var p pattern
	for f := range fields {
		p |= pattern(fields[f].compare(a, b)+1) << (3 * f)
	}
	return p
}

func (p pattern) level(f int) int { return int(p>>(3*f)&7) - 1 }

// floorProb keeps every probability away from zero so that one unseen outcome cannot make a
// weight infinite.
const floorProb = 1e-6

// fit estimates the model without labels.
//
// U comes from random pairs of records: almost every random pair is two different people, so
// how often random pairs agree on a field is how often chance makes two people agree (a shared
// birthday, a common surname). The fields are independent among random pairs, which they are
// not among candidate non-matches (a namesake found by the name key agrees on all three names
// at once), so U from random pairs is what lets agreement on name AND birth date add up.
//
// M comes from expectation–maximisation with U held fixed, over two sessions of candidates
// chosen by fields that then say nothing about the others: the pairs that share the personal
// number give M for every other field, and the pairs born on the same day with the same given
// name give M for the personal number (how often the same person's number was mistyped or left
// out). The second session asks for the given name so that twins — same birth date, surname,
// patronymic and address, different names and numbers — are not counted as one person whose
// number changed.
//
// P, the share of matches among all possible pairs, follows: the matches that share their
// number, divided by the share of matches that do, over the number of pairs.
func fit(counts, random map[pattern]int, allPairs float64) *Model {
	m := start(random)
	id, date := fieldIndex("id"), fieldIndex("birth_date")
	skipID := map[int]bool{id: true}
	byID := filter(counts, func(p pattern) bool { return p.level(id) == len(fields[id].levels)-1 })
	pShared, nShared, r1 := m.em(byID, skipID)
	given := fieldIndex("given")
	byDate := filter(counts, func(p pattern) bool {
		return p.level(date) == len(fields[date].levels)-1 && p.level(given) >= 2
	})
	other := start(random)
	_, _, r2 := other.em(byDate, map[int]bool{date: true})
	m.M[id] = other.M[id]
	m.Rounds = r1 + r2
	matches := pShared * nShared / m.M[id][len(m.M[id])-1]
	m.P = min(max(matches/allPairs, floorProb*floorProb), 0.5)
	return m
}

// start is a model with U from random pairs (one added to every level, so an outcome never
// seen among them — two random people with the same FİN — is rare but not impossible) and M
// at "matches mostly agree".
func start(random map[pattern]int) *Model {
	m := &Model{}
	for f, fd := range fields {
		n := len(fd.levels)
		m.Fields = append(m.Fields, fd.name)
		m.Levels = append(m.Levels, fd.levels)
		mm, uu := make([]float64, n), make([]float64, n)
		for l := range n {
			mm[l] = 0.1 / float64(n-1)
		}
		mm[n-1] = 0.9
		total := float64(n)
		for p, c := range random {
			if l := p.level(f); l != missing {
				uu[l] += float64(c)
				total += float64(c)
			}
		}
		for l := range n {
			uu[l] = (uu[l] + 1) / total
		}
		m.M, m.U = append(m.M, mm), append(m.U, uu)
	}
	return m
}

func fieldIndex(name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	panic("linkage: no field " + name)
}

func filter(counts map[pattern]int, keep func(pattern) bool) map[pattern]int {
	out := map[pattern]int{}
	for p, n := range counts {
		if keep(p) {
			out[p] = n
		}
	}
	return out
}

// em runs EM over the patterns with U fixed, ignoring the skipped fields, and returns the
// share of matches among them, their number and the rounds run. It stops when the
// log-likelihood stops moving.
func (m *Model) em(counts map[pattern]int, skip map[int]bool) (p, n float64, rounds int) {
	// Patterns in a fixed order, so that float sums — and so a run — are the same every time.
	pats := slices.Sorted(maps.Keys(counts))
	ns := make([]float64, len(pats))
	for i, pat := range pats {
		ns[i] = float64(counts[pat])
		n += ns[i]
	}
	if n == 0 {
		return 0, 0, 0
	}
	p = 0.5
	post := make([]float64, len(pats))
	prev := math.Inf(-1)
	for rounds = 1; rounds <= 200; rounds++ {
		ll := 0.0
		for i, pat := range pats {
			lm, lu := m.logLikelihoodsSkip(pat, skip)
			a, b := math.Log(p)+lm, math.Log(1-p)+lu
			top := max(a, b)
			total := top + math.Log(math.Exp(a-top)+math.Exp(b-top))
			post[i] = math.Exp(a - total)
			ll += ns[i] * total
		}
		sumM := 0.0
		cm := make([][]float64, len(fields))
		for f := range fields {
			cm[f] = make([]float64, len(m.M[f]))
		}
		for i, pat := range pats {
			w := ns[i] * post[i]
			sumM += w
			for f := range fields {
				if l := pat.level(f); l != missing && !skip[f] {
					cm[f][l] += w
				}
			}
		}
		p = min(max(sumM/n, floorProb), 1-floorProb)
		for f := range fields {
			if !skip[f] {
				normalise(m.M[f], cm[f])
			}
		}
		if ll-prev < 1e-9*math.Abs(ll) {
			break
		}
		prev = ll
	}
	return p, n, rounds
}

func (m *Model) logLikelihoodsSkip(p pattern, skip map[int]bool) (lm, lu float64) {
	for f := range fields {
		if !skip[f] {
			a, b, _ := m.term(p, f)
			lm += a
			lu += b
		}
	}
	return lm, lu
}

var (
	givenField      = fieldIndex("given")
	surnameField    = fieldIndex("surname")
	patronymicField = fieldIndex("patronymic")
	addressField    = fieldIndex("address")
)

// household reports whether a pair agrees fully on surname, patronymic and address: what a
// brother and sister living with their parents share. The three are then one fact, not three:
// among non-matches, two people at the same address with the same surname and father are
// siblings, so the chance of the surname and patronymic agreeing given the address does is
// close to one, not the u of random pairs. Counting them as independent gave twins 22 bits of
// evidence that only said "same household".
func household(p pattern) bool {
	return p.level(surnameField) == len(fields[surnameField].levels)-1 &&
		p.level(patronymicField) == len(fields[patronymicField].levels)-1 &&
		p.level(addressField) == len(fields[addressField].levels)-1
}

// term is field f's contribution to ln P(pattern | match) and ln P(pattern | non-match);
// shared is true when the field's agreement is already counted by the household's address.
func (m *Model) term(p pattern, f int) (lm, lu float64, shared bool) {
	l := p.level(f)
	if l == missing {
		return 0, 0, false
	}
	lm = math.Log(m.M[f][l])
	if (f == surnameField || f == patronymicField) && household(p) {
		return lm, 0, true
	}
	return lm, math.Log(m.U[f][l]), false
}

func normalise(dst, counts []float64) {
	total := 0.0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return // field never observed: keep the starting values
	}
	for l, c := range counts {
		dst[l] = max(c/total, floorProb)
	}
}

// logLikelihoods returns ln P(pattern | match) and ln P(pattern | non-match).
func (m *Model) logLikelihoods(p pattern) (lm, lu float64) {
	return m.logLikelihoodsSkip(p, nil)
}

// Weight returns the field's weight log2(M/U) at a level, before the term-frequency and
// household corrections a particular pair may carry (Explain shows those).
func (m *Model) Weight(field, level int) float64 {
	return math.Log2(m.M[field][level] / m.U[field][level])
}
