package payments

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/list"
	"github.com/dost-platform/dost/internal/programs"
)

// Prepare builds the cycle of a programme for a period: it walks the programme's
// entitlements in id order, a batch at a time, and writes each batch's lines in one atomic
// step. A preparation that was killed is resumed from the last batch written, so a re-run
// ends with exactly the lines of a clean run; preparing a cycle that is already prepared is
// refused. progress, if set, hears how many entitlements have been read.
func (s *Service) Prepare(ctx context.Context, programID int64, program string, period clock.Month, progress func(done, total int64)) (Cycle, error) {
	if err := s.Allowed(ctx, programID); err != nil {
		return Cycle{}, err
	}
	c, _, err := s.startOrResume(ctx, programID, program, period, nil)
	if err != nil {
		return c, err
	}
	after, err := s.store.ResumePoint(ctx, c.ID)
	if err != nil {
		return c, err
	}
	total, _ := s.store.CountEntitlements(ctx, programID)
	amounts, err := s.programs.MonthlyAmounts(ctx, programID)
	if err != nil {
		return c, err
	}
	if err := s.writeBatches(ctx, c, after, amounts, total, progress); err != nil {
		return c, err
	}
	if _, err := s.store.AddReissues(ctx, c); err != nil {
		return c, err
	}
	if err := s.holdLines(ctx, c); err != nil {
		return c, err
	}
	c.Status = Prepared
	e := audit.For(ctx, audit.Update, "payroll", "cycle", c.UUID, audit.Msg("cycle_prepared", "Program", program, "Period", period))
	return c, s.store.FinishPreparation(ctx, c, e)
}

// batch is one range of entitlements and the lines due on it.
type batch struct {
	first, last int64
	lines       []Line
	read        int64
}

// writeBatches reads the batches after the resume point in entitlement order and writes each
// batch's lines in that same order, so that everything up to the last batch written is done
// (ResumePoint). Reading the next batch overlaps writing the last one (two connections; a
// second reader was measured and gained nothing on two cores, docs/PERFORMANCE.md); memory
// holds at most three batches.
func (s *Service) writeBatches(ctx context.Context, c Cycle, after int64, amounts programs.Reassess, total int64, progress func(done, total int64)) error {
	g, ctx := errgroup.WithContext(ctx)
	batches := make(chan batch, 1)
	g.Go(func() error {
		defer close(batches)
		for {
			last, err := s.store.BatchEnd(ctx, c.ProgramID, after, s.batch)
			if err != nil || last == 0 {
				return err
			}
			b := batch{first: after + 1, last: last}
			if b.lines, b.read, err = s.readBatch(ctx, c, b, amounts); err != nil {
				return err
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			after = last
		}
	})
	g.Go(func() error {
		var done int64
		for b := range batches {
			if err := s.store.InsertLines(ctx, b.lines); err != nil {
				return fmt.Errorf("write lines of entitlements %d–%d: %w", b.first, b.last, err)
			}
			if done += b.read; progress != nil {
				progress(done, total)
			}
		}
		return nil
	})
	return g.Wait()
}

// readBatch reads the dues of one batch and works out their lines.
func (s *Service) readBatch(ctx context.Context, c Cycle, b batch, amounts programs.Reassess) ([]Line, int64, error) {
	dues, err := s.store.Dues(ctx, c.ProgramID, b.first, b.last)
	if err != nil {
		return nil, 0, fmt.Errorf("read entitlements %d–%d: %w", b.first, b.last, err)
	}
	lines := make([]Line, 0, len(dues))
	for _, d := range dues {
		if l, ok := lineFor(d, c, amounts); ok {
			lines = append(lines, l)
		}
	}
	return lines, int64(len(dues)), nil
}

// Begin starts a preparation without doing it: it creates the programme's cycle for the
// period at once and, in the same transaction, calls enqueue, which enqueues the job that
// runs Prepare. A cycle that a preparation cut short left (still preparing) is returned as it
// is, with resumed set: the caller decides whether it needs a new job. A prepared cycle is
// refused, as Prepare refuses it.
func (s *Service) Begin(ctx context.Context, programID int64, program string, period clock.Month,
	enqueue func(tx *sql.Tx, c Cycle) error) (c Cycle, resumed bool, err error) {
	if err := s.Allowed(ctx, programID); err != nil {
		return Cycle{}, false, err
	}
	return s.startOrResume(ctx, programID, program, period, enqueue)
}

// startOrResume returns the cycle being prepared, or creates it (calling enqueue, when set,
// in the same transaction); resumed tells which.
func (s *Service) startOrResume(ctx context.Context, programID int64, program string, period clock.Month,
	enqueue func(tx *sql.Tx, c Cycle) error) (Cycle, bool, error) {
	c, err := s.store.Cycle(ctx, program, period)
	switch {
	case err == nil && c.Status == Preparing:
		return c, true, nil
	case err == nil:
		return c, false, fmt.Errorf("the %s cycle for %s is already %s: %w", program, period, c.Status, fail.ErrDuplicate)
	case !errors.Is(err, fail.ErrNotFound):
		return c, false, err
	}
	c = Cycle{UUID: uuid.Must(uuid.NewV7()).String(), ProgramID: programID, Program: program, Period: period,
		Status: Preparing, PreparedBy: login(ctx), StartedAt: s.clock.Now()}
	e := audit.For(ctx, audit.Create, "payroll", "cycle", c.UUID, audit.Msg("cycle_preparing", "Program", program, "Period", period))
	var then []func(*sql.Tx) error
	if enqueue != nil {
		then = append(then, func(tx *sql.Tx) error { return enqueue(tx, c) }) // c.ID is set by then
	}
	return c, false, s.store.CreateCycle(ctx, &c, e, then...)
}

// CycleOf finds a programme's cycle for a period.
func (s *Service) CycleOf(ctx context.Context, program string, period clock.Month) (Cycle, error) {
	c, err := s.store.Cycle(ctx, program, period)
	if err != nil {
		return c, err
	}
	return c, s.Allowed(ctx, c.ProgramID)
}

// Cycles lists cycles newest first, a page at a time.
func (s *Service) Cycles(ctx context.Context, beforeID int64) ([]Cycle, error) {
	return s.store.CyclesIn(ctx, scope(ctx), beforeID, 50)
}

// CycleStatuses are a cycle's statuses in the order of its life.
var CycleStatuses = []string{Preparing, Prepared, Approved, Exported}

// CyclePage is one keyset page of the caller's cycles, newest first, of one programme and one
// status when set, with their total. after is the id of the last cycle shown ("" first).
func (s *Service) CyclePage(ctx context.Context, program, status string, p list.Page) (list.Result[Cycle], error) {
	var before int64
	if len(p.After) == 1 {
		before, _ = strconv.ParseInt(p.After[0], 10, 64)
	}
	total, err := s.store.CountCycles(ctx, scope(ctx), program, status)
	if err != nil {
		return list.Result[Cycle]{}, err
	}
	rows, err := s.store.CyclePage(ctx, scope(ctx), program, status, before, p.Size+1)
	if err != nil {
		return list.Result[Cycle]{}, err
	}
	rows, next := list.Cut(rows, p.Size, func(c Cycle) string { return list.Cursor(strconv.FormatInt(c.ID, 10)) })
	return list.Result[Cycle]{Rows: rows, Total: total, Next: next}, nil
}

// EachCycle streams every cycle of the caller's institutions the filter selects, newest first,
// for the list's CSV/XLSX: a keyset page of list.MaxSize at a time, so memory stays bounded
// however many months a ministry has paid. A cycle holds no personal data (programme, month,
// status and the staff who prepared and approved it), so the download needs no audit entry.
func (s *Service) EachCycle(ctx context.Context, program, status string, fn func(Cycle) error) error {
	var before int64
	for {
		rows, err := s.store.CyclePage(ctx, scope(ctx), program, status, before, list.MaxSize)
		if err != nil {
			return err
		}
		for _, c := range rows {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(rows) < list.MaxSize {
			return nil
		}
		before = rows[len(rows)-1].ID
	}
}

// Cycle loads a cycle by id.
func (s *Service) Cycle(ctx context.Context, id int64) (Cycle, error) {
	return s.cycleIn(ctx, id)
}

// Totals counts and sums a cycle's lines by status.
//
// Totals are counts and sums, no one's data, and every page and command reaches them through
// Cycle, which checks the caller's institution.
func (s *Service) Totals(ctx context.Context, cycleID int64) (Totals, error) {
	return s.store.Totals(ctx, cycleID)
}

// Approve releases a prepared cycle for payment. The approver must not be the preparer (four
// eyes). Exception lines are deferred, not dropped: their months stay unpaid and come back as
// back pay once the exception is cleared.
func (s *Service) Approve(ctx context.Context, cycleID int64) (Cycle, error) {
	c, err := s.cycleIn(ctx, cycleID)
	if err != nil {
		return c, err
	}
	if c.Status != Prepared {
		return c, fmt.Errorf("cycle is %s, only a prepared cycle can be approved: %w", c.Status, fail.ErrConflict)
	}
	if login(ctx) == c.PreparedBy {
		return c, fmt.Errorf("%s prepared this cycle and cannot also approve it: %w", c.PreparedBy, fail.ErrForbidden)
	}
	if empty, err := s.empty(ctx, c.ID); err != nil || empty {
		return c, cmp.Or(err, fail.Because(fail.ErrConflict, "payroll.empty", nil))
	}
	c.Status, c.ApprovedBy, c.ApprovedAt = Approved, login(ctx), s.clock.Now()
	e := audit.For(ctx, audit.Update, "payroll", "cycle", c.UUID, audit.Msg("cycle_approved"))
	return c, s.store.Approve(ctx, c, e)
}

// empty tells a cycle with no line to pay: approving it would send the banks files of
// nothing and close the month for a programme that paid no one.
func (s *Service) empty(ctx context.Context, cycleID int64) (bool, error) {
	t, err := s.store.Totals(ctx, cycleID)
	return t[LinePending].Lines == 0, err
}

func login(ctx context.Context) string {
	if p := authz.From(ctx); p != nil {
		return p.Login
	}
	return "system"
}
