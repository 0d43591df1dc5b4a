package linkage

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// The decision bands on the posterior probability of a match. At SureAt or above a pair is
// near-certain: intake shows it to the operator before a duplicate is created. At MatchAt or
// above it counts as a match. From ReviewAt up to SureAt it is worth a person's look (the
// clerical-review band); below ReviewAt the model is confident the two are different people.
// They are read off the model's own posterior, so no data set's labels ever set them.
const (
	MatchAt  = 0.5
	ReviewAt = 0.05
	SureAt   = 0.95
)

// Pair is a candidate pair and the model's verdict. A and B index the input: in Dedupe both
// index the one slice, in Link A indexes the first slice and B the second.
type Pair struct {
	A, B      int
	Posterior float64
	Weight    float64 // sum of the field weights, in bits
	pattern   pattern
	tf        [3]float64 // term-frequency bits added to given, surname, patronymic
}

// Result is the outcome of one run.
type Result struct {
	Model      *Model
	Candidates int    // pairs compared after blocking
	Matches    []Pair // posterior ≥ MatchAt
	Review     []Pair // ReviewAt ≤ posterior < SureAt: worth a person's look

	cands []uint64 // the candidate pairs, kept for scoring
	split int
}

// Dedupe finds the pairs of records in one source that are the same person.
func Dedupe(recs []Record) *Result {
	prep := prepareAll(recs)
	setFrequencies(prep)
	return run(prep, candidates(prep, 0), 0)
}

// Link finds the pairs (one record of a, one of b) that are the same person.
func Link(a, b []Record) *Result {
	prep := prepareAll(append(append(make([]Record, 0, len(a)+len(b)), a...), b...))
	setFrequencies(prep)
	return run(prep, candidates(prep, len(a)), len(a))
}

func run(prep []prepared, cands []uint64, split int) *Result {
	pats := comparePairs(prep, cands)
	counts := make(map[pattern]int)
	for _, p := range pats {
		counts[p]++
	}
	all := float64(len(prep)) * float64(len(prep)-1) / 2
	if split > 0 {
		all = float64(split) * float64(len(prep)-split)
	}
	model := fit(counts, randomPatterns(prep, split), all)
	res := &Result{Model: model, Candidates: len(cands), cands: cands, split: split}
	prior := math.Log2(model.P / (1 - model.P))
	base := make(map[pattern]float64, len(counts))
	for p := range counts {
		base[p] = model.weight(p)
	}
	for k, c := range cands {
		a, b := &prep[c>>32], &prep[c&0xffffffff]
		tf := model.termFrequency(a, b, pats[k])
		w := base[pats[k]] + tf[0] + tf[1] + tf[2]
		pr := 1 / (1 + math.Exp2(-(prior + w)))
		if pr < ReviewAt {
			continue
		}
		pair := Pair{A: int(c >> 32), B: int(c&0xffffffff) - split, Posterior: pr, Weight: w, pattern: pats[k], tf: tf}
		if pr >= MatchAt {
			res.Matches = append(res.Matches, pair)
		}
		if pr < SureAt {
			res.Review = append(res.Review, pair)
		}
	}
	return res
}

// termFrequency corrects the weight of exact agreement on a name for how common the name is
// (Winkler's frequency-based weights): u of "same" is the average over all names, but two
// random people share Məmmədov far more often than they share a rare surname, and in a
// national registry of Azerbaijani names that difference decides between namesakes and one
// person. The correction is log2(u / f) bits, with f the share of records bearing the more
// common of the two spellings; none where the household already counts the surname and
// patronymic.
func (m *Model) termFrequency(a, b *prepared, p pattern) (tf [3]float64) {
	if household(p) {
		return tf
	}
	for i, f := range [3]int{givenField, surnameField, patronymicField} {
		top := len(fields[f].levels) - 1
		if p.level(f) != top {
			continue
		}
		var freq float64
		switch f {
		case givenField:
			freq = max(a.freqGiven, b.freqGiven)
		case surnameField:
			freq = max(a.freqStem, b.freqStem)
		default:
			freq = max(a.freqFather, b.freqFather)
		}
		if freq > 0 {
			tf[i] = math.Log2(m.U[f][top] / freq)
		}
	}
	return tf
}

func (m *Model) weight(p pattern) float64 {
	lm, lu := m.logLikelihoods(p)
	return (lm - lu) / math.Ln2
}

// FieldWeight is one line of a pair's explanation.
type FieldWeight struct {
	Field  string
	Level  string // "missing" when either side is empty
	Weight float64
}

// Explain says, field by field, how the pair's weight was made: what a reviewer reads beside
// the two records.
func (m *Model) Explain(p Pair) []FieldWeight {
	out := make([]FieldWeight, len(fields))
	for f := range fields {
		out[f] = FieldWeight{Field: m.Fields[f], Level: "missing"}
		if l := p.pattern.level(f); l != missing {
			lm, lu, shared := m.term(p.pattern, f)
			out[f].Level, out[f].Weight = m.Levels[f][l], (lm-lu)/math.Ln2
			switch f {
			case givenField:
				out[f].Weight += p.tf[0]
			case surnameField:
				out[f].Weight += p.tf[1]
			case patronymicField:
				out[f].Weight += p.tf[2]
			}
			if shared {
				out[f].Level += " (as the household's: counted with the address)"
			}
		}
	}
	return out
}

// randomSample is how many random pairs estimate U: a level seen once in a thousand random
// pairs is counted about thirty times, and the sample costs the same at any registry size
// (a third of FEBRL dataset1's run, a rounding error at a million).
const randomSample = 30_000

// randomPatterns compares random pairs (across the two sources when split > 0). The generator
// is seeded with a constant so that a run is repeatable: the same input gives the same pairs.
func randomPatterns(prep []prepared, split int) map[pattern]int {
	out := map[pattern]int{}
	n := len(prep)
	if n < 2 || (split > 0 && split == n) {
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pairs := make([]uint64, randomSample)
	for k := range pairs {
		var i, j int
		if split > 0 {
			i, j = rng.IntN(split), split+rng.IntN(n-split)
		} else {
			i, j = rng.IntN(n), rng.IntN(n-1)
			if j >= i {
				j++
			}
		}
		pairs[k] = uint64(i)<<32 | uint64(j)
	}
	for _, p := range comparePairs(prep, pairs) {
		out[p]++
	}
	return out
}

func prepareAll(recs []Record) []prepared {
	out := make([]prepared, len(recs))
	parallel(len(recs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = prepare(recs[i])
		}
	})
	return out
}

func comparePairs(prep []prepared, cands []uint64) []pattern {
	pats := make([]pattern, len(cands))
	parallel(len(cands), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			c := cands[k]
			pats[k] = patternOf(&prep[c>>32], &prep[c&0xffffffff])
		}
	})
	return pats
}

// parallel splits [0, n) into one range per CPU; small inputs run on the caller's goroutine.
func parallel(n int, do func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 4096 || workers == 1 {
		do(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += step {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			do(lo, hi)
		}(lo, min(lo+step, n))
	}
	wg.Wait()
}
