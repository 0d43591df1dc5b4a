package programsdb_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/programs/programsdb"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// officer is a back-office officer of the SSPF (institution 1), which runs the demo programmes.
var officer = authz.With(context.Background(), &authz.Principal{Login: "officer",
	Grants: []authz.Grant{{Role: authz.BackOffice, InstitutionID: 1, Scope: []int64{1}}}})

type world struct {
	reg      *registry.Service
	progs    *programs.Service
	store    programs.Store
	spouseID int64
}

const headFIN = "3FAM001"

// setup builds a family of four whose head earned 400 AZN a month over the twelve months
// before June 2020 and whose utility costs are on record, and the demo programmes.
func setup(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	if err := registrydb.LoadPlaces(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(`INSERT INTO institutions (id, code, name) VALUES (1, 'SSPF', '{"az": "SSPF", "en": "SSPF", "ru": "SSPF"}')`); err != nil {
		t.Fatal(err)
	}
	c := &clock.Fixed{T: time.Date(2020, 6, 1, 8, 0, 0, 0, time.UTC)}
	log := audit.New(d, c)
	reg, _ := registry.NewService(registrydb.New(d, log), log, c)
	store := programsdb.New(d, log, c)
	w := &world{reg: reg, progs: programs.NewService(store, reg, log, c), store: store}
	family := []struct{ fin, first, sex, born, rel string }{
		{headFIN, "Elvin", "M", "1980-01-01", "head"}, {"3FAM002", "Aysel", "F", "1982-01-01", "spouse"},
		{"3FAM003", "Murad", "M", "2010-01-01", "child"}, {"3FAM004", "Leyla", "F", "2013-01-01", "child"},
	}
	var h registry.Household
	for _, m := range family {
		p, err := reg.Create(officer, m.fin, map[string]string{"last_name": "Quliyev", "first_name": m.first, "sex": m.sex,
			"birth_date": m.born, "iban": "AZ21NABZ00000000137010001944"}, registry.SourceManual)
		if err != nil {
			t.Fatal(err)
		}
		if m.rel == "head" {
			h, err = reg.CreateHousehold(officer, m.fin, 50301, "Nizami küç. 1")
			for month := 1; month <= 12; month++ {
				if _, err := d.Exec(`INSERT INTO person_incomes (person_id, month, amount, source) VALUES ($1, $2, 40000, 'wage')`,
					p.ID, clock.NewDate(2020, time.Month(6-month), 1)); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			h, err = reg.SetMember(officer, h.UUID, h.Version, m.fin, m.rel)
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.rel == "spouse" {
			w.spouseID = p.ID
			// she earns nothing and says so, and cares for the child under 8: her income is
			// known and she has a reason beyond the family's control (TSSA, domain.md §1.5)
			for month := 1; month <= 12; month++ {
				if _, err := d.Exec(`INSERT INTO person_incomes (person_id, month, amount, source) VALUES ($1, $2, 0, 'declaration')`,
					p.ID, clock.NewDate(2020, time.Month(6-month), 1)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.Exec(`INSERT INTO person_categories (person_id, category, evidence, source, valid_from) VALUES ($1, 'carer', 'birth certificate', 'manual', '2013-01-01')`, p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// their utility and communication bills come to 45.20 AZN a month, declared at the centre
	if _, err := reg.SetUtility(officer, h.UUID, h.Version, 4520, "declaration"); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedPrograms(ctx, store, w.progs); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestTSSADecisionOverrideAndEntitlement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		d1, err := w.progs.Decide(officer, "TSSA", headFIN, clock.NewDate(2020, 6, 1))
		if err != nil {
			t.Fatal(err)
		}
		want := "Family income ₼400.00 is below 4 × ₼160.00 = ₼640.00; " +
			"Every working-age member without income or disability has a reason beyond the family's control (care, study, registered unemployment, a missing or imprisoned person); " +
			"Recorded utility and communication costs (₼45.20) do not exceed a tenth of the living wage × 4 = ₼64.00, so the family is eligible for ₼240.00 a month."
		if d1.Outcome != programs.Granted || d1.FinalAmount != 24000 || d1.Explanation.EN != want {
			t.Fatalf("decision: %s %s %q", d1.Outcome, d1.FinalAmount, d1.Explanation.EN)
		}
		stored, err := w.store.DecisionByUUID(context.Background(), d1.UUID)
		if err != nil || stored.Rule.Rule != "TSSA v1" || stored.Rule.Input.Household["size"] != float64(4) || stored.Rule.Steps[0].Name != "income_below_need" {
			t.Fatalf("stored decision: %+v, %v", stored.Rule, err)
		}
		ents, _ := w.progs.Entitlements(officer, d1.PersonID)
		if len(ents) != 1 || ents[0].Amount != 24000 || ents[0].End != clock.NewDate(2021, 5, 31) || ents[0].Status != programs.StatusActive {
			t.Fatalf("entitlements: %+v", ents)
		}
		if _, err := w.progs.Override(officer, d1.UUID, programs.Granted, 20000, "short"); !isField(err, "reason") {
			t.Fatalf("override without a real reason: %v", err)
		}
		over, err := w.progs.Override(officer, d1.UUID, programs.Granted, 20000, "Inspection found a disabled child not yet in the registry")
		if err != nil || over.FinalAmount != 20000 {
			t.Fatalf("override: %+v, %v", over, err)
		}
		again, _ := w.store.DecisionByUUID(context.Background(), d1.UUID)
		if again.Rule.Amount != 24000 || again.FinalAmount != 20000 || !strings.HasPrefix(again.OverrideReason, "Inspection") || again.OverriddenBy != "officer" {
			t.Fatalf("both outcomes must stay on record: %+v", again)
		}
		ents, _ = w.progs.Entitlements(officer, d1.PersonID)
		if ents[0].Amount != 20000 {
			t.Fatalf("entitlement did not follow the override: %+v", ents[0])
		}
	})
}

func TestRefusalIsExplainedInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		dec, err := w.progs.Decide(officer, "MARTYR_PENSION", headFIN, clock.NewDate(2020, 6, 1))
		if err != nil || dec.Outcome != programs.Refused || dec.FinalAmount != 0 {
			t.Fatalf("decision: %+v, %v", dec, err)
		}
		for lang, want := range map[string]string{"az": "qeydiyyatda deyil", "en": "is not registered", "ru": "не зарегистрировано"} {
			if got := dec.Explanation.In(lang); !strings.Contains(got, want) {
				t.Errorf("%s: %q", lang, got)
			}
		}
		if ents, _ := w.progs.Entitlements(officer, dec.PersonID); len(ents) != 0 {
			t.Fatalf("a refusal opened %d entitlements", len(ents))
		}
	})
}

func TestDeathSuspendsFromNextMonthAndExpiryEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		if _, err := w.progs.Decide(officer, "TSSA", headFIN, clock.NewDate(2020, 6, 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`INSERT INTO person_categories (person_id, category, evidence, source, valid_from) VALUES ($1, 'martyr_family', 'x', 'manual', '2020-01-01')`, w.spouseID); err != nil {
			t.Fatal(err)
		}
		pension, err := w.progs.Decide(officer, "MARTYR_PENSION", "3FAM002", clock.NewDate(2020, 6, 1))
		if err != nil || pension.FinalAmount != 50000 {
			t.Fatalf("martyr pension: %+v %v", pension, err)
		}
		if _, err := w.reg.Update(officer, "3FAM002", 1, map[string]string{"death_date": "2020-05-14"}, registry.SourceFeed); err != nil {
			t.Fatal(err)
		}
		susp, ended, err := w.progs.ApplyLifeEvents(ctx, clock.NewDate(2020, 8, 20))
		if err != nil || susp != 1 || ended != 0 {
			t.Fatalf("sweep after death: %d suspended, %d ended, %v", susp, ended, err)
		}
		ents, _ := w.progs.Entitlements(officer, pension.PersonID)
		if ents[0].Status != programs.StatusSuspended || ents[0].StatusSince != clock.NewDate(2020, 6, 1) {
			t.Fatalf("after death: %+v", ents[0])
		}
		susp, ended, _ = w.progs.ApplyLifeEvents(ctx, clock.NewDate(2021, 6, 2))
		if susp != 0 || ended != 1 {
			t.Fatalf("sweep after expiry: %d suspended, %d ended", susp, ended)
		}
		if again, _, _ := w.progs.ApplyLifeEvents(ctx, clock.NewDate(2021, 6, 2)); again != 0 {
			t.Fatal("the sweep is not idempotent")
		}
	})
}

func TestRuleThatDoesNotCompileIsNotSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		bad := demo.Programs()[0].Rule
		bad.Amount = "params.need_criterion * household.size +"
		if _, err := w.progs.SaveRule(officer, "TSSA", bad); !isField(err, "amount") {
			t.Fatalf("bad rule: %v", err)
		}
		if rules, _ := w.progs.Rules(officer, "TSSA"); len(rules) != 1 {
			t.Fatalf("%d rule versions stored", len(rules))
		}
	})
}

func isField(err error, name string) bool {
	var f fail.Fields
	return errors.As(err, &f) && len(f) > 0 && f[0].Name == name
}

func TestDryRunComparesDraftWithCurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		draft := demo.Programs()[0].Rule
		draft.EffectiveFrom = clock.NewDate(2020, 1, 1)
		draft.Conditions[0].Expr = "household.avg_monthly_income < 2 * params.need_criterion * household.size"
		draft.Amount = "2 * params.need_criterion * household.size - household.avg_monthly_income"
		rv, err := w.progs.SaveRule(officer, "TSSA", draft)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var done, total int64
		run, err := w.progs.DryRunRule(officer, "TSSA", rv.Rule.Version, clock.NewDate(2020, 6, 1), "en", func(d, n int64) {
			mu.Lock()
			done, total = max(done, d), n
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		if total == 0 || done != total {
			t.Fatalf("progress ended at %d of %d", done, total)
		}
		if run.Cases != 1 || run.Draft.Eligible != 1 || run.Draft.Monthly != 88000 || run.Current == nil ||
			run.Current.Monthly != 24000 || run.Changed != 1 || len(run.Samples) != 0 { // one changed case: too few to show one
			t.Fatalf("dry run = %+v", run)
		}
		per, err := w.progs.DryRunRule(officer, "DISABILITY", 1, clock.NewDate(2020, 6, 1), "en", nil)
		if err != nil || per.Cases != 4 || per.Draft.Eligible != 0 {
			t.Fatalf("per-person dry run = %+v, %v", per, err)
		}
	})
}

func TestEntitlementStatusChangesNeedAReasonAndFollowTheRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		dec, err := w.progs.Decide(officer, "TSSA", headFIN, clock.NewDate(2020, 6, 1))
		if err != nil {
			t.Fatal(err)
		}
		ents, _ := w.progs.Entitlements(officer, dec.PersonID)
		e := ents[0]
		if _, err := w.progs.SetStatus(officer, e, programs.StatusSuspended, " ", clock.NewDate(2020, 7, 1)); !isField(err, "reason") {
			t.Fatalf("no reason: %v", err)
		}
		e, err = w.progs.SetStatus(officer, e, programs.StatusSuspended, "inspection pending", clock.NewDate(2020, 7, 1))
		if err != nil || e.Status != programs.StatusSuspended {
			t.Fatalf("suspend: %+v %v", e, err)
		}
		if e, err = w.progs.SetStatus(officer, e, programs.StatusTerminated, "moved abroad", clock.NewDate(2020, 8, 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.progs.SetStatus(officer, e, programs.StatusActive, "back", clock.NewDate(2020, 9, 1)); !isField(err, "status") {
			t.Fatalf("resume after termination: %v", err)
		}
		again, _ := w.progs.EntitlementByUUID(officer, e.UUID)
		if again.Status != programs.StatusTerminated || again.StatusReason != "moved abroad" || again.Version != 3 {
			t.Fatalf("stored: %+v", again)
		}
	})
}

// TestDryRunIsRecorded starts a dry run in the background and finds it on record, finished,
// with the same result a direct run gives; a run whose node went silent reads as interrupted.
func TestDryRunIsRecorded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		day := clock.NewDate(2020, 6, 1)
		rec, err := w.progs.StartDryRun(officer, "TSSA", 1, day, "en")
		if err != nil || rec.ID == 0 || rec.Status != programs.DryRunRunning || rec.StartedBy == "" {
			t.Fatalf("start: %+v, %v", rec, err)
		}
		if _, err := w.progs.StartDryRun(officer, "TSSA", 7, day, "en"); !errors.Is(err, fail.ErrNotFound) {
			t.Fatalf("a missing version: %v", err)
		}
		for deadline := time.Now().Add(10 * time.Second); rec.Status == programs.DryRunRunning; time.Sleep(20 * time.Millisecond) {
			if rec, err = w.progs.DryRunByID(officer, "TSSA", rec.ID); err != nil || time.Now().After(deadline) {
				t.Fatalf("waiting for the run: %+v, %v", rec, err)
			}
		}
		raw, _ := w.progs.DryRunRule(officer, "TSSA", 1, day, "en", nil)
		direct := raw.ForAnalyst() // the record is shown as an analyst may see it
		if rec.Status != programs.DryRunDone || rec.Result == nil || rec.Result.Cases != direct.Cases ||
			rec.Result.Draft != direct.Draft || rec.Percent() != 100 {
			t.Fatalf("recorded %+v, direct %+v", rec, direct)
		}
		waited, err := w.progs.RecordedDryRun(officer, "TSSA", 1, day, "en", nil)
		if err != nil || waited.Status != programs.DryRunDone || waited.Result == nil || waited.Result.Cases != direct.Cases {
			t.Fatalf("a dry run waited for: %+v, %v", waited, err)
		}
		list, err := w.progs.DryRuns(officer, "TSSA")
		if err != nil || len(list) != 2 || list[0].ID != waited.ID || list[1].ID != rec.ID || list[1].StartedBy != "officer" {
			t.Fatalf("list: %+v, %v", list, err)
		}
		if _, err := w.progs.DryRunByID(officer, "DISABILITY", rec.ID); !errors.Is(err, fail.ErrNotFound) {
			t.Fatalf("another programme's run: %v", err)
		}
		if rec.Interrupted {
			t.Fatal("a finished run reads as interrupted")
		}
		// Whether a run is alive comes from its job's run record: a job heard from 10 s ago,
		// one silent for a minute, one that ended while the dry run has no outcome.
		now := time.Now()
		d.ExecContext(officer, `INSERT INTO job_runs (job_id, kind, state, created_at, heartbeat_at) VALUES (4242, 'programs.dry_run', 'running', $1, $2)`,
			now, now.Add(-10*time.Second))
		d.ExecContext(officer, `UPDATE dry_runs SET status = 'running', result = '', job_id = 4242 WHERE id = $1`, rec.ID)
		if rec, _ = w.progs.DryRunByID(officer, "TSSA", rec.ID); rec.Interrupted || rec.RunState != "running" {
			t.Fatalf("a run heard from 10 s ago reads as interrupted: %+v", rec)
		}
		d.ExecContext(officer, `UPDATE job_runs SET heartbeat_at = $1 WHERE job_id = 4242`, now.Add(-time.Minute))
		if rec, _ = w.progs.DryRunByID(officer, "TSSA", rec.ID); !rec.Interrupted {
			t.Fatal("a run silent for a minute does not read as interrupted")
		}
		d.ExecContext(officer, `UPDATE job_runs SET state = 'failed', heartbeat_at = $1 WHERE job_id = 4242`, now)
		if rec, _ = w.progs.DryRunByID(officer, "TSSA", rec.ID); !rec.Interrupted {
			t.Fatal("a run whose job failed does not read as interrupted")
		}
	})
}

// TestDryRunAndItsJobAreOneTransaction: a dry run's record and the job that runs it are
// written together — the enqueuer sees the record's id inside the transaction and the record
// keeps the job's id — and a failed enqueue leaves no record behind.
func TestDryRunAndItsJobAreOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		day := clock.NewDate(2020, 6, 1)
		w.progs.EnqueueDryRun = func(ctx context.Context, tx *sql.Tx, rec programs.DryRunRecord) (int64, error) {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dry_runs WHERE id = $1`, rec.ID).Scan(&n); err != nil || n != 1 {
				return 0, errors.Join(err, errors.New("the record is not in the enqueue's transaction"))
			}
			return 7001, nil
		}
		rec, err := w.progs.StartDryRun(officer, "TSSA", 1, day, "en")
		if err != nil || rec.JobID != 7001 || rec.Status != programs.DryRunRunning {
			t.Fatalf("start: %+v, %v", rec, err)
		}
		if got, err := w.progs.DryRunByID(officer, "TSSA", rec.ID); err != nil || got.JobID != 7001 || got.Interrupted {
			t.Fatalf("on record: %+v, %v", got, err)
		}
		w.progs.EnqueueDryRun = func(context.Context, *sql.Tx, programs.DryRunRecord) (int64, error) {
			return 0, errors.New("the queue is down")
		}
		if _, err := w.progs.StartDryRun(officer, "TSSA", 1, day, "en"); err == nil || !strings.Contains(err.Error(), "queue is down") {
			t.Fatalf("a failed enqueue: %v", err)
		}
		if list, err := w.progs.DryRuns(officer, "TSSA"); err != nil || len(list) != 1 || list[0].ID != rec.ID {
			t.Fatalf("a failed enqueue left a record: %+v, %v", list, err)
		}
	})
}
