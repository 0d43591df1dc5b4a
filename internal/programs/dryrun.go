package programs

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
)

// Tally is what one rule version would do to the whole registry.
type Tally struct {
	Rule            string       `json:"rule"`
	Eligible        Count        `json:"eligible" doc:"a number, or the string \"< 10\": counts below 10 are not shown"`
	Monthly         money.Amount `json:"monthly_cost" doc:"qəpik; 0 when withheld"`
	MonthlyWithheld bool         `json:"monthly_cost_withheld,omitempty" doc:"the cost of fewer than 10 cases is not shown"`
	Failed          Count        `json:"failed" doc:"cases the rule could not evaluate; a number, or \"< 10\""`
	Review          Count        `json:"review" doc:"cases the rule refers to an officer (neither granted nor refused); a number, or \"< 10\""`
}

// Sample is one case shown beside the counts: the same applicant under both versions, known
// only by a pseudonym that holds within one run.
type Sample struct {
	Case        string `json:"case" doc:"a pseudonym of the person, stable within this run only"`
	Changed     bool   `json:"changed" doc:"the outcome or amount differs between the versions"`
	Draft       string `json:"draft"`
	Current     string `json:"current,omitempty"`
	Explanation string `json:"explanation"`
}

// DryRun is a rule version tried over the registry without deciding anything.
type DryRun struct {
	Day     clock.Date `json:"day"`
	Cases   Count      `json:"cases" doc:"households, or persons for a per-person programme; a number, or \"< 10\""`
	Draft   Tally      `json:"draft"`
	Current *Tally     `json:"current,omitempty" doc:"the version in force, for comparison"`
	Changed Count      `json:"changed" doc:"cases whose outcome or amount differs between the two; a number, or \"< 10\""`
	Samples []Sample   `json:"samples"`
	fins    []string   // of the samples, until publishSamples pseudonymises them
}

type compiledParams struct {
	c      *eligibility.Compiled
	params map[string]int64
}

// DryRunRule evaluates a version of a programme's rule — usually a draft — over every
// household in the registry (every living member, for a per-person programme) and compares
// it with the version in force: how many would be eligible, the monthly cost, and sample
// decisions with their explanations in lang. Nothing is written but the audit entry.
//
// progress, if set, hears how far through the registry the run is, in household ids (done of
// total); it is called from several goroutines at once.
func (s *Service) DryRunRule(ctx context.Context, code string, version int, day clock.Date, lang string, progress func(done, total int64)) (DryRun, error) {
	p, err := s.store.ProgramByCode(ctx, code)
	if err != nil {
		return DryRun{}, err
	}
	draft, err := s.compiled(ctx, code, version)
	if err != nil {
		return DryRun{}, err
	}
	params, err := s.store.Params(ctx, p.ID, day)
	if err != nil {
		return DryRun{}, err
	}
	run := DryRun{Day: day, Draft: Tally{Rule: draft.Rule.Ref()}}
	var current *eligibility.Compiled
	if rv, err := s.ruleFor(ctx, p, day); err == nil && rv.Rule.Version != version {
		if current, err = eligibility.Compile(rv.Rule); err != nil {
			return run, err
		}
		run.Current = &Tally{Rule: current.Rule.Ref()}
	}
	walk := s.walkKept
	if s.memberPass {
		walk = s.walk
	}
	if err := s.runParallel(ctx, p, day, &run, draft, current, params, lang, walk, progress); err != nil {
		return run, err
	}
	if err := s.publishSamples(ctx, &run); err != nil {
		return run, err
	}
	return run, s.audit.Record(ctx, audit.For(ctx, audit.Read, "dry run", "rule", draft.Rule.Ref(), audit.Msg("cases", "Count", int64(run.Cases))))
}

func (s *Service) compiled(ctx context.Context, code string, version int) (*eligibility.Compiled, error) {
	rv, err := s.ruleVersion(ctx, code, version)
	if err != nil {
		return nil, err
	}
	c, err := eligibility.Compile(rv.Rule)
	if err != nil {
		return nil, fmt.Errorf("rule %s does not compile: %w", rv.Rule.Ref(), fail.ErrConflict)
	}
	return c, nil
}

// dryRunWorkers is how many household ranges are read and evaluated at once: one per core.
var dryRunWorkers = runtime.NumCPU()

// runParallel splits the households into id ranges, runs each range in its own goroutine
// with its own tally, and merges the tallies in range order, so results do not depend on
// which worker finished first.
func (s *Service) runParallel(ctx context.Context, p Program, day clock.Date, run *DryRun, draft, current *eligibility.Compiled, params map[string]int64, lang string, walk walker, progress func(done, total int64)) error {
	last, err := s.registry.LastHousehold(ctx)
	if err != nil {
		return err
	}
	var done atomic.Int64
	advanced := func(ids int64) {
		if n := done.Add(ids); progress != nil {
			progress(n, last)
		}
	}
	parts := make([]DryRun, dryRunWorkers)
	errs := make([]error, dryRunWorkers)
	var wg sync.WaitGroup
	for i := range parts {
		parts[i] = DryRun{Draft: Tally{Rule: run.Draft.Rule}}
		if run.Current != nil {
			parts[i].Current = &Tally{Rule: run.Current.Rule}
		}
		lo, hi := last*int64(i)/int64(dryRunWorkers), last*int64(i+1)/int64(dryRunWorkers)
		wg.Add(1)
		go func(part *DryRun, lo, hi int64, errp *error) {
			defer wg.Done()
			*errp = walk(ctx, p, day, lo, hi, func(c dryCase, in eligibility.Input) { part.add(ctx, c, in, draft, current, params, lang) }, advanced)
		}(&parts[i], lo, hi, &errs[i])
	}
	stop := beat(progress, &done, last)
	wg.Wait()
	stop()
	for i := range parts {
		if errs[i] != nil {
			return errs[i]
		}
		run.merge(parts[i])
	}
	return nil
}

// beat tells progress how far the run is once a second while it runs, so that the job's
// run record hears from a run whose query has not returned its first row yet (a grouped
// totals query on PostgreSQL aggregates its range before it streams): River's rescuer and the
// programme page take a job silent for long for one on a dead node. It returns the stop.
func beat(progress func(done, total int64), done *atomic.Int64, total int64) (stop func()) {
	if progress == nil {
		return func() {}
	}
	quit, over := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(over)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				progress(done.Load(), total)
			}
		}
	}()
	return func() { close(quit); <-over }
}

func (r *DryRun) merge(o DryRun) {
	r.Cases += o.Cases
	r.Changed += o.Changed
	r.Draft.add(o.Draft)
	if r.Current != nil && o.Current != nil {
		r.Current.add(*o.Current)
	}
	for i, s := range o.Samples {
		if len(r.Samples) < 10 {
			r.Samples, r.fins = append(r.Samples, s), append(r.fins, o.fins[i])
		}
	}
}

func (t *Tally) add(o Tally) {
	t.Eligible += o.Eligible
	t.Monthly += o.Monthly
	t.Failed += o.Failed
	t.Review += o.Review
}

// dryCase names one case of a dry run: by FİN.
type dryCase struct {
	fin string
}

// walker feeds every case of the households with ids in (lo, hi] to visit and tells advanced
// how many ids of the range it has covered as it goes.
type walker func(ctx context.Context, p Program, day clock.Date, lo, hi int64, visit func(c dryCase, in eligibility.Input), advanced func(ids int64)) error

// walk is the walker for any rule: the households a page at a time, with every member's facts.
func (s *Service) walk(ctx context.Context, p Program, day clock.Date, lo, hi int64, visit func(c dryCase, in eligibility.Input), advanced func(ids int64)) error {
	for after := lo; ; {
		page, err := s.registry.HouseholdFacts(ctx, after, hi, 2000, day)
		if err != nil {
			return err
		}
		if len(page.Facts) == 0 {
			advanced(hi - after)
			return nil
		}
		for _, f := range page.Facts {
			fins, persons := casesOf(p.Unit, f)
			for i, person := range persons {
				visit(dryCase{fin: fins[i]}, eligibility.Input{Day: day, Person: person, Household: f.Household})
			}
		}
		advanced(page.Last - after)
		after = page.Last
	}
}

// add evaluates one case under both versions and counts it. The versions share a memo, so
// an expression both have (most of them, for a draft) is evaluated once on the case.
func (r *DryRun) add(ctx context.Context, fin dryCase, in eligibility.Input, draft, current *eligibility.Compiled, params map[string]int64, lang string) {
	in.Params = params
	r.Cases++
	var memo eligibility.Memo
	if current != nil {
		memo = eligibility.Memo{}
	}
	d, derr := r.Draft.count(ctx, draft, in, memo)
	var c eligibility.Decision
	var cerr error
	if current != nil {
		c, cerr = r.Current.count(ctx, current, in, memo)
		if (derr == nil) != (cerr == nil) || d.Eligible != c.Eligible || d.Review != c.Review || d.Amount != c.Amount {
			r.Changed++
			r.sample(fin, d, derr, c, cerr, draft, lang, true)
			return
		}
	}
	r.sample(fin, d, derr, c, cerr, draft, lang, false)
}

func (t *Tally) count(ctx context.Context, c *eligibility.Compiled, in eligibility.Input, memo eligibility.Memo) (eligibility.Decision, error) {
	d, err := c.EvaluateMemo(ctx, in, memo)
	switch {
	case err != nil:
		t.Failed++
	case d.Review:
		t.Review++
	case d.Eligible:
		t.Eligible++
		t.Monthly += d.Amount
	}
	return d, err
}

// sample keeps up to ten cases: changed outcomes first, then eligible ones.
func (r *DryRun) sample(fin dryCase, d eligibility.Decision, derr error, c eligibility.Decision, cerr error, draft *eligibility.Compiled, lang string, changed bool) {
	if len(r.Samples) >= 10 || (!changed && (!d.Eligible || len(r.Samples) >= 5)) {
		return
	}
	s := Sample{Changed: changed, Draft: outcome(d, derr)}
	if r.Current != nil {
		s.Current = outcome(c, cerr)
	}
	if derr == nil {
		s.Explanation = draft.Explain(d, lang)
	} else {
		s.Explanation = derr.Error()
	}
	r.Samples, r.fins = append(r.Samples, s), append(r.fins, fin.fin)
}

func outcome(d eligibility.Decision, err error) string {
	switch {
	case err != nil:
		return "failed"
	case d.Review:
		return Review
	case d.Eligible:
		return Granted + " " + d.Amount.String()
	}
	return Refused
}
