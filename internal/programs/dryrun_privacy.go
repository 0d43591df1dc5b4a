package programs

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/registry"
)

// An analyst sees aggregates only. A dry run's counts below K are shown as "< 10" (a small
// cell singles people out: a draft rule narrowed to one family's traits would otherwise tell
// that family's income by the count it gives); sample cases carry a pseudonym that holds for
// one run only, never a FİN or a name; and the persons behind the samples shown are in the
// audit log, as read by the analyst for the purpose "dry run sample".

// K is the smallest count a dry run shows.
const K = 10

// Count is a number of cases in a dry run. Shown to an analyst, a count below K reads
// "< 10" (in JSON too: the string instead of the number).
type Count int64

// suppressed marks a count withheld from the analyst.
const suppressed Count = -1

// Suppressed reports whether the count is withheld.
func (c Count) Suppressed() bool { return c < 0 }

// String is the count as a page or the command line shows it.
func (c Count) String() string {
	if c.Suppressed() {
		return "< " + strconv.Itoa(K)
	}
	return strconv.FormatInt(int64(c), 10)
}

// MarshalJSON writes the number, or the string "< 10" for a withheld count.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed() {
		return json.Marshal(c.String())
	}
	return strconv.AppendInt(nil, int64(c), 10), nil
}

// UnmarshalJSON reads a number, or "< 10" as a withheld count.
func (c *Count) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*c = suppressed
		return nil
	}
	var n int64
	err := json.Unmarshal(b, &n)
	*c = Count(n)
	return err
}

func (c Count) small() Count {
	if c < K {
		return suppressed
	}
	return c
}

// ForAnalyst is the run as an analyst may see it: every count below K withheld, and a
// monthly cost withheld with the count of cases it sums. The record keeps the true figures.
func (r DryRun) ForAnalyst() DryRun {
	r.Cases, r.Changed = r.Cases.small(), r.Changed.small()
	r.Draft = r.Draft.forAnalyst()
	if r.Current != nil {
		c := r.Current.forAnalyst()
		r.Current = &c
	}
	return r
}

func (t Tally) forAnalyst() Tally {
	t.Eligible, t.Failed, t.Review = t.Eligible.small(), t.Failed.small(), t.Review.small()
	if t.Eligible.Suppressed() {
		t.Monthly, t.MonthlyWithheld = 0, true
	}
	return t
}

// forAnalyst hides the small counts of a record's result.
func (r DryRunRecord) forAnalyst() DryRunRecord {
	if r.Result != nil {
		res := r.Result.ForAnalyst()
		r.Result = &res
	}
	return r
}

// publishSamples keeps the samples an analyst may see — changed cases only when at least K
// cases changed, eligible ones only when at least K are eligible — gives each a pseudonym
// (an HMAC of the FİN under a key drawn for this run and then forgotten, so the analyst
// cannot reverse it, nor match a case across runs) and records in the audit log that the
// analyst was shown each of those persons.
func (s *Service) publishSamples(ctx context.Context, run *DryRun) error {
	key := make([]byte, 32)
	rand.Read(key)
	fins := run.fins
	run.fins = nil
	var kept []Sample
	var shown []audit.Entry
	for i, smp := range run.Samples {
		if (smp.Changed && run.Changed < K) || (!smp.Changed && run.Draft.Eligible < K) {
			continue
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(fins[i]))
		smp.Case = hex.EncodeToString(mac.Sum(nil))[:12]
		kept = append(kept, smp)
		shown = append(shown, audit.For(ctx, audit.Read, "dry run sample", "person", fins[i], audit.Msg("dry_run_case", "Rule", run.Draft.Rule, "Case", smp.Case)))
	}
	run.Samples = kept
	return s.audit.Record(ctx, shown...)
}

// casesOf is the cases a household gives a dry run — its head, or every living member for a
// per-person programme — with their FİNs read out first, then the identifying facts taken
// out of what the rules will read.
func casesOf(unit string, f registry.Facts) (fins []string, persons []map[string]any) {
	if unit == "person" {
		for _, m := range f.Household["members"].([]any) {
			member := m.(map[string]any)
			fins, persons = append(fins, member["fin"].(string)), append(persons, member)
		}
	} else if f.Person != nil {
		fins, persons = []string{f.Person["fin"].(string)}, []map[string]any{f.Person}
	}
	eligibility.Strip(&eligibility.Input{Person: f.Person, Household: f.Household})
	return fins, persons
}
