package linkage

// Score compares a run's pairs with the truth. It is for evaluation only: the model never
// sees the truth.
type Score struct {
	TruePairs, Predicted, Correct int
	Precision, Recall, F1         float64
	PairCompleteness              float64 // share of true pairs that blocking made candidates
	ReductionRatio                float64 // share of all possible pairs that blocking spared
}

// ScoreDedupe scores a deduplication: entity[i] is record i's true person.
func ScoreDedupe(res *Result, entity []string) Score {
	groups := map[string]int{}
	for _, e := range entity {
		groups[e]++
	}
	truth := 0
	for _, n := range groups {
		truth += n * (n - 1) / 2
	}
	n := len(entity)
	return score(res, truth, n*(n-1)/2, func(a, b int) bool { return entity[a] == entity[b] })
}

// ScoreLink scores a linkage of a with b.
func ScoreLink(res *Result, entA, entB []string) Score {
	inB := map[string]int{}
	for _, e := range entB {
		inB[e]++
	}
	truth := 0
	for _, e := range entA {
		truth += inB[e]
	}
	return score(res, truth, len(entA)*len(entB), func(i, j int) bool { return entA[i] == entB[j] })
}

func score(res *Result, truth, all int, same func(a, b int) bool) Score {
	s := Score{TruePairs: truth, Predicted: len(res.Matches)}
	for _, p := range res.Matches {
		if same(p.A, p.B) {
			s.Correct++
		}
	}
	found := 0
	for _, c := range res.cands {
		if same(int(c>>32), int(c&0xffffffff)-res.split) {
			found++
		}
	}
	s.Precision = ratio(s.Correct, s.Predicted)
	s.Recall = ratio(s.Correct, truth)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.PairCompleteness = ratio(found, truth)
	s.ReductionRatio = 1 - ratio(len(res.cands), all)
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
