package linkage

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// febrlDir is the FEBRL data, outside the repository (CI has it beside the checkout).
var febrlDir = filepath.Join("..", "..", "..", "..", "shared", "external", "febrl")

func readFEBRL(t testing.TB, name string) ([]Record, []string) {
	t.Helper()
	recs, ent, err := ReadFEBRL(filepath.Join(febrlDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return recs, ent
}

// TestFEBRLQuality runs the one fixed configuration on the four FEBRL sets and asserts the
// issue's quality bars. The truth (rec_id) is read only by the scoring.
func TestFEBRLQuality(t *testing.T) {
	for _, tc := range []struct {
		name   string
		minF1  float64
		maxCan int
	}{
		{"dataset1.csv", 0.995, 0},
		{"dataset2.csv", 0.995, 0},
		{"dataset3.csv", 0.995, 0},
		{"dataset4", 0.998, 10000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			var res *Result
			var s Score
			if tc.name == "dataset4" {
				a, ea := readFEBRL(t, "dataset4a.csv")
				b, eb := readFEBRL(t, "dataset4b.csv")
				res = Link(a, b)
				s = ScoreLink(res, ea, eb)
			} else {
				recs, ent := readFEBRL(t, tc.name)
				res = Dedupe(recs)
				s = ScoreDedupe(res, ent)
			}
			t.Logf("%s: %d candidates, pair completeness %.4f, reduction ratio %.6f; %d true pairs, %d predicted, %d correct: precision %.4f recall %.4f F1 %.4f; review band %d pairs; EM %d rounds, p=%.3f; %v",
				tc.name, res.Candidates, s.PairCompleteness, s.ReductionRatio, s.TruePairs, s.Predicted, s.Correct,
				s.Precision, s.Recall, s.F1, len(res.Review), res.Model.Rounds, res.Model.P, time.Since(start).Round(time.Millisecond))
			if s.F1 < tc.minF1 {
				t.Errorf("F1 %.4f < %.3f", s.F1, tc.minF1)
			}
			if tc.maxCan > 0 && res.Candidates > tc.maxCan {
				t.Errorf("%d candidate pairs > %d", res.Candidates, tc.maxCan)
			}
		})
	}
}

// FuzzReadFEBRL feeds the reader arbitrary bytes: it may refuse them, never panic, and what
// it accepts has one entity per record.
func FuzzReadFEBRL(f *testing.F) {
	f.Add("rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\nrec-1-org, a, b, 1, s, , l, 2000, nsw, 19800101, 1234567\n")
	f.Add("rec_id\n")
	f.Fuzz(func(t *testing.T, s string) {
		recs, ent, err := parseFEBRL(strings.NewReader(s), "fuzz")
		if err == nil && len(recs) != len(ent) {
			t.Fatalf("%d records, %d entities", len(recs), len(ent))
		}
	})
}
