package main

import (
	"testing"

	"github.com/dost-platform/dost/internal/interop/linkage"
)

// TestGeneratedRegistryQuality runs the linkage on a small generated Azerbaijani registry
// (20,000 records, a tenth of them second registrations with spelling, patronymic, -ov/-ova,
// FİN, date and address variants, and twins as hard non-matches) and holds it to the issue's
// bars for the national-scale run: F1 ≥ 0.98 and a clerical-review band of at most 1% of the
// records. The person numbers are read only by the scoring.
func TestGeneratedRegistryQuality(t *testing.T) {
	g, err := newGenerator(1)
	if err != nil {
		t.Fatal(err)
	}
	recs, ent := g.registry(20000, 0.10)
	res := linkage.Dedupe(recs)
	s := linkage.ScoreDedupe(res, ent)
	review := map[int]bool{}
	for _, p := range res.Review {
		review[p.A], review[p.B] = true, true
	}
	band := float64(len(review)) / float64(len(recs))
	t.Logf("%d candidates, pair completeness %.4f; %d true pairs: precision %.4f recall %.4f F1 %.4f; review band %.2f%% of records",
		res.Candidates, s.PairCompleteness, s.TruePairs, s.Precision, s.Recall, s.F1, 100*band)
	if s.F1 < 0.98 {
		t.Errorf("F1 %.4f < 0.98", s.F1)
	}
	if band > 0.01 {
		t.Errorf("review band %.2f%% of records > 1%%", 100*band)
	}
}

// TestVariantsLookLikeTheirOriginal checks the generator's spellings: a Russian patronymic is
// the father's name with -ovich/-evna, and Cyrillic and English forms fold back to the original.
func TestVariantsLookLikeTheirOriginal(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{russianPatronymic(person{father: "Əli"}), "Алиевич"},
		{russianPatronymic(person{father: "Rauf", female: true}), "Рауфовна"},
		{russian("Quliyev"), "Гулиев"},
		{english("Cəfərov"), "Jafarov"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
