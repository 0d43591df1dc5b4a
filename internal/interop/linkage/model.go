package linkage

import (
	"math"
)

// Model is a fitted Fellegi–Sunter model. For field f and level l, M[f][l] is the probability
// that a true match compares at that level and U[f][l] the probability that a non-match does.
// Their log-ratio log2(M/U) is the field's weight: +10 means that outcome is about a thousand
// times likelier for the same person than for two different people, −5 that it is 32 times
// likelier for different people. A pair's weight is the sum over its fields (missing fields
// add nothing), and with the prior share of matches P among candidates it gives the posterior
// probability that the pair is one person. The weights therefore explain every decision field
// by field.
type Model struct {
	Fields []string
	Levels [][]string
	M, U   [][]float64
	P      float64 // share of candidate pairs that are matches
	Rounds int     // EM iterations run
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

// fit estimates the model without labels, by expectation–maximisation over the candidate
// pairs' distinct comparison patterns (weighted by how many pairs show each), assuming fields
// independent given match status. EM finds two classes in the candidates; which two depends on
// where it starts, so it starts where the match class can only be "the same person": U from
// random pairs of records (almost every random pair is two different people, so their
// agreement rates are what chance gives), M from "matches mostly agree". Then M, U and P all
// move: U must, because a candidate non-match is not a random pair — it shares a blocking key
// (a birth date, a surname) by construction. It stops when the log-likelihood stops moving.
func fit(counts, random map[pattern]int) *Model {
	m := &Model{P: 0.5}
	for f, fd := range fields {
		n := len(fd.levels)
		m.Fields = append(m.Fields, fd.name)
		m.Levels = append(m.Levels, fd.levels)
		mm, uu := make([]float64, n), make([]float64, n)
		for l := range n {
			mm[l] = 0.1 / float64(n-1)
		}
		mm[n-1] = 0.9
		// Random pairs with one added to every level, so an outcome never seen among them
		// (two random people with the same FİN) is rare but not impossible.
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
	pats := make([]pattern, 0, len(counts))
	ns := make([]float64, 0, len(counts))
	for p, n := range counts {
		pats = append(pats, p)
		ns = append(ns, float64(n))
	}
	post := make([]float64, len(pats))
	prev := math.Inf(-1)
	for m.Rounds = 1; m.Rounds <= 500; m.Rounds++ {
		ll := 0.0
		for i, p := range pats {
			lm, lu := m.logLikelihoods(p)
			a, b := math.Log(m.P)+lm, math.Log(1-m.P)+lu
			top := max(a, b)
			total := top + math.Log(math.Exp(a-top)+math.Exp(b-top))
			post[i] = math.Exp(a - total)
			ll += ns[i] * total
		}
		m.maximise(pats, ns, post)
		if ll-prev < 1e-9*math.Abs(ll) {
			break
		}
		prev = ll
	}
	return m
}

func (m *Model) maximise(pats []pattern, ns, post []float64) {
	var sumM, sumU float64
	cm := make([][]float64, len(fields))
	cu := make([][]float64, len(fields))
	for f := range fields {
		cm[f], cu[f] = make([]float64, len(m.M[f])), make([]float64, len(m.M[f]))
	}
	for i, p := range pats {
		wm, wu := ns[i]*post[i], ns[i]*(1-post[i])
		sumM += wm
		sumU += wu
		for f := range fields {
			if l := p.level(f); l != missing {
				cm[f][l] += wm
				cu[f][l] += wu
			}
		}
	}
	m.P = min(max(sumM/(sumM+sumU), floorProb), 1-floorProb)
	for f := range fields {
		normalise(m.M[f], cm[f])
		normalise(m.U[f], cu[f])
	}
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
	for f := range fields {
		if l := p.level(f); l != missing {
			lm += math.Log(m.M[f][l])
			lu += math.Log(m.U[f][l])
		}
	}
	return lm, lu
}

// Weight returns the field's weight log2(M/U) at a level.
func (m *Model) Weight(field, level int) float64 {
	return math.Log2(m.M[field][level] / m.U[field][level])
}

// posterior is the probability that a pair with this pattern is a match.
func (m *Model) posterior(p pattern) float64 {
	lm, lu := m.logLikelihoods(p)
	x := math.Log(m.P) + lm - math.Log(1-m.P) - lu
	return 1 / (1 + math.Exp(-x))
}
