package paymentsdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/registry"
)

// dueColumns and dueFrom read what is due on entitlements with the beneficiary's current
// registry data, the latest month earlier live lines covered (c) and the oldest open
// recovery (r). The aggregates are limited to the batch's id range, so a batch reads
// contiguous index ranges instead of probing per row. A reassessed programme also reads
// each award's decision (withDecision); the others skip that join (withoutDecision).
//
// Dates are read as text: clock.Date reads "YYYY-MM-DD" directly, where the drivers would
// build a time.Time per column first (a tenth of the read's time at a million rows).
const dueColumns = `SELECT e.id, g.kind, CAST(e.start_date AS TEXT), CAST(e.end_date AS TEXT), e.amount, e.status,
	CAST(e.status_since AS TEXT), p.fin, p.last_name, p.first_name, p.patronymic, p.iban, CAST(p.death_date AS TEXT),
	COALESCE(c.covered, ''), COALESCE(r.remaining, 0), COALESCE(r.monthly_max, 0), g.reassessed`

const (
	withDecision    = `, COALESCE(dc.rule_id, 0), COALESCE(dc.inputs, ''), COALESCE(dc.override_reason, '')`
	decisionJoin    = ` LEFT JOIN decisions dc ON dc.id = e.decision_id`
	withoutDecision = `, 0, '', ''`
)

const dueFrom = ` FROM entitlements e JOIN programs g ON g.id = e.program_id JOIN persons p ON p.id = e.person_id
	LEFT JOIN (SELECT entitlement_id, MAX(to_month) AS covered FROM payment_lines
		WHERE entitlement_id >= $2 AND entitlement_id <= $3 AND status <> 'cancelled' GROUP BY entitlement_id) c ON c.entitlement_id = e.id
	LEFT JOIN (SELECT entitlement_id, remaining, monthly_max FROM recoveries WHERE id IN (SELECT MIN(id) FROM recoveries
		WHERE remaining > 0 AND entitlement_id >= $2 AND entitlement_id <= $3 GROUP BY entitlement_id)) r ON r.entitlement_id = e.id`

// BatchEnd is the id of the last entitlement of the programme's next batch after an id, or 0
// when none is left.
func (s *Store) BatchEnd(ctx context.Context, programID, after int64, limit int) (int64, error) {
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM (SELECT id FROM entitlements
		WHERE program_id = $1 AND id > $2 ORDER BY id LIMIT $3) b`, programID, after, limit).Scan(&last)
	return last.Int64, err
}

// Dues reads what is due on the programme's entitlements from first to last id, in one
// query with the range's aggregates.
func (s *Store) Dues(ctx context.Context, programID, first, last int64) ([]payments.Due, error) {
	var reassessed bool
	if err := s.db.QueryRowContext(ctx, `SELECT reassessed FROM programs WHERE id = $1`, programID).Scan(&reassessed); err != nil {
		return nil, err
	}
	q := dueColumns + withoutDecision + dueFrom
	if reassessed {
		q = dueColumns + withDecision + dueFrom + decisionJoin
	}
	rows, err := s.db.QueryContext(ctx, q+` WHERE e.program_id = $1 AND e.id >= $2 AND e.id <= $3 ORDER BY e.id`,
		programID, first, last)
	if err != nil {
		return nil, fmt.Errorf("dues: %w", err)
	}
	defer rows.Close()
	out := make([]payments.Due, 0, min(last-first+1, 100000))
	for rows.Next() {
		d, err := scanDue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Beneficiary reads one entitlement's due with the beneficiary's current data.
func (s *Store) Beneficiary(ctx context.Context, entitlementID int64) (payments.Due, error) {
	return db.One(ctx, s.db, "entitlement", scanDue, dueColumns+withDecision+dueFrom+decisionJoin+` WHERE e.id = $1 AND e.id >= $2 AND e.id <= $3`, entitlementID, entitlementID, entitlementID)
}

func scanDue(row interface{ Scan(...any) error }) (payments.Due, error) {
	var d payments.Due
	var kind, last, first, patr, covered, override string
	var amount, recovery, recoveryMax int64
	var death clock.Date
	err := row.Scan(&d.EntitlementID, &kind, &d.Start, &d.End, &amount, &d.Status, &d.StatusSince,
		&d.FIN, &last, &first, &patr, &d.IBAN, &death, &covered, &recovery, &recoveryMax, &d.Reassessed,
		&d.RuleID, &d.Inputs, &override)
	if err != nil {
		return d, err
	}
	d.OneOff, d.Deceased, d.Overridden = kind == "one_off", !death.IsZero(), override != ""
	d.Amount, d.Recovery, d.RecoveryMax = money.Amount(amount), money.Amount(recovery), money.Amount(recoveryMax)
	d.Name = registry.Person{LastName: last, FirstName: first, Patronymic: patr}.FullName()
	if covered != "" {
		d.Covered, err = clock.ParseMonth(covered)
	}
	return d, err
}

// LineColumns are the columns a preparation writes per line (the payroll benchmark's floor
// writes rows of the same shape).
var LineColumns = []string{"cycle_id", "entitlement_id", "kind", "from_month", "to_month", "months", "gross", "deduction",
	"net", "fin", "name", "iban", "bank", "status", "reason"}

// InsertLines writes one batch of lines in one atomic bulk write (COPY on PostgreSQL).
func (s *Store) InsertLines(ctx context.Context, lines []payments.Line) error {
	rows := make([][]any, len(lines))
	for i, l := range lines {
		rows[i] = []any{l.CycleID, l.EntitlementID, l.Kind, l.From.String(), l.To.String(), l.Months, int64(l.Gross),
			int64(l.Deduction), int64(l.Net), l.FIN, l.Name, l.IBAN, l.Bank, l.Status, l.Reason}
	}
	_, err := s.db.BulkInsert(ctx, "payment_lines", LineColumns, &db.SliceRows{Data: rows})
	return err
}

// endToEnd is payments.EndToEnd in SQL, for the line aliased r.
const endToEnd = `'D' || r.cycle_id || 'E' || r.entitlement_id || CASE r.kind WHEN 'regular' THEN 'R' ELSE 'S' END`

// AddReissues adds a reissue line for every payment of the programme that a bank returned
// for a reason other than the account, with the beneficiary's current account. Returned
// lines are found through their partial index, not by reading earlier cycles.
func (s *Store) AddReissues(ctx context.Context, c payments.Cycle) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO payment_lines (cycle_id, entitlement_id, kind, from_month, to_month,
		months, gross, deduction, net, fin, name, iban, bank, status, reason, reissue_of)
		SELECT $1, r.entitlement_id, 'reissue', r.from_month, r.to_month, r.months, r.net, 0, r.net, r.fin, r.name,
			p.iban, substr(p.iban, 5, 4), CASE WHEN p.iban = '' THEN 'exception' ELSE 'pending' END,
			CASE WHEN p.iban = '' THEN 'no bank account' ELSE 'reissue of ' || `+endToEnd+` END, `+endToEnd+`
		FROM payment_lines r JOIN payment_cycles rc ON rc.id = r.cycle_id
			JOIN entitlements e ON e.id = r.entitlement_id JOIN persons p ON p.id = e.person_id
		WHERE r.status = 'returned' AND r.reissue AND rc.program_id = $2 AND rc.id <> $1
			AND NOT EXISTS (SELECT 1 FROM payment_lines x WHERE x.entitlement_id = r.entitlement_id
				AND x.kind = 'reissue' AND x.reissue_of = `+endToEnd+`)
		ON CONFLICT DO NOTHING`, c.ID, c.ProgramID)
	if err != nil {
		return 0, fmt.Errorf("reissues: %w", err)
	}
	return res.RowsAffected()
}

const lineColumns = `cycle_id, entitlement_id, kind, from_month, to_month, months, gross, deduction, net, fin, name,
	iban, bank, status, reason`

func scanLine(row interface{ Scan(...any) error }) (payments.Line, error) {
	var l payments.Line
	var from, to string
	var gross, ded, net int64
	err := row.Scan(&l.CycleID, &l.EntitlementID, &l.Kind, &from, &to, &l.Months, &gross, &ded, &net,
		&l.FIN, &l.Name, &l.IBAN, &l.Bank, &l.Status, &l.Reason)
	if err != nil {
		return l, err
	}
	l.From, _ = clock.ParseMonth(from)
	l.To, _ = clock.ParseMonth(to)
	l.Gross, l.Deduction, l.Net = money.Amount(gross), money.Amount(ded), money.Amount(net)
	l.EndToEndID = payments.EndToEnd(l.CycleID, l.EntitlementID, l.Kind)
	return l, nil
}

// Lines lists a cycle's lines in a status ("" for all) after the line with the end-to-end
// id after, in key order. Exceptions are read through their partial index, which the query
// must name literally to use.
func (s *Store) Lines(ctx context.Context, cycleID int64, status string, after string, limit int) ([]payments.Line, error) {
	var ent int64
	var kind string
	if after != "" {
		var ok bool
		if _, ent, kind, ok = payments.ParseEndToEnd(after); !ok {
			return nil, fail.Fields{{Name: "after", Key: "invalid.cursor"}}
		}
	}
	page := ` AND (entitlement_id > $2 OR (entitlement_id = $2 AND kind > $3)) ORDER BY entitlement_id, kind LIMIT $4`
	var rows *sql.Rows
	var err error
	if status == payments.LineException {
		rows, err = s.db.QueryContext(ctx, `SELECT `+lineColumns+` FROM payment_lines
			WHERE cycle_id = $1 AND status = 'exception'`+page, cycleID, ent, kind, limit)
	} else {
		rows, err = s.db.QueryContext(ctx, `SELECT `+lineColumns+` FROM payment_lines
			WHERE cycle_id = $1 AND ($5 = '' OR status = $5)`+page, cycleID, ent, kind, limit, status)
	}
	if err != nil {
		return nil, err
	}
	return db.CollectRows(rows, scanLine)
}

// Line loads one line by its end-to-end id.
func (s *Store) Line(ctx context.Context, endToEndID string) (payments.Line, error) {
	c, e, kind, ok := payments.ParseEndToEnd(endToEndID)
	if !ok {
		return payments.Line{}, fmt.Errorf("payment line %q: %w", endToEndID, fail.ErrNotFound)
	}
	return db.One(ctx, s.db, "payment line", scanLine, `SELECT `+lineColumns+` FROM payment_lines
		WHERE cycle_id = $1 AND entitlement_id = $2 AND kind = $3`, c, e, kind)
}

// ResolveException writes a resolved exception line.
func (s *Store) ResolveException(ctx context.Context, l payments.Line, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE payment_lines SET status = $1, reason = $2, iban = $3, bank = $4, name = $5,
			gross = $6, deduction = $7, net = $8 WHERE cycle_id = $9 AND entitlement_id = $10 AND kind = $11 AND status = 'exception'`,
			l.Status, l.Reason, l.IBAN, l.Bank, l.Name, int64(l.Gross), int64(l.Deduction), int64(l.Net), l.CycleID, l.EntitlementID, l.Kind)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// exportable are the statuses of lines that belong in a bank file.
const exportable = `('pending', 'paid', 'returned')`

// EachPayableLine streams a cycle's payable lines to fn in key order (the order they were
// written in, so the table is read sequentially) in one query, with only what a file needs;
// memory holds one line whatever the cycle's size.
func (s *Store) EachPayableLine(ctx context.Context, cycleID int64, fn func(payments.Line) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT entitlement_id, kind, bank, net, name, iban, from_month, to_month FROM payment_lines
		WHERE cycle_id = $1 AND status IN `+exportable+` ORDER BY entitlement_id, kind`, cycleID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		l := payments.Line{CycleID: cycleID}
		var net int64
		var from, to string
		if err := rows.Scan(&l.EntitlementID, &l.Kind, &l.Bank, &net, &l.Name, &l.IBAN, &from, &to); err != nil {
			return err
		}
		l.Net, l.EndToEndID = money.Amount(net), payments.EndToEnd(cycleID, l.EntitlementID, l.Kind)
		if l.From, err = clock.ParseMonth(from); err != nil {
			return err
		}
		if l.To, err = clock.ParseMonth(to); err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Files lists the bank files written for a cycle, by bank and format.
func (s *Store) Files(ctx context.Context, cycleID int64) ([]payments.File, error) {
	return db.Collect(ctx, s.db, func(r db.Scanner) (payments.File, error) {
		f := payments.File{CycleID: cycleID}
		var total int64
		err := r.Scan(&f.Bank, &f.Format, &f.MsgID, &f.Lines, &total, &f.SHA256)
		f.Total = money.Amount(total)
		return f, err
	}, `SELECT bank, format, msg_id, lines, total, sha256 FROM payment_files WHERE cycle_id = $1 ORDER BY bank, format`, cycleID)
}

// RecordFile records a written file and marks the cycle exported: its pending lines are now
// with the banks (no per-line write: a million-line cycle is exported in one statement).
func (s *Store) RecordFile(ctx context.Context, f payments.File, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_files (cycle_id, bank, format, msg_id, lines, total, sha256, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (cycle_id, bank, format) DO UPDATE SET sha256 = excluded.sha256, created_at = excluded.created_at`,
			f.CycleID, f.Bank, f.Format, f.MsgID, f.Lines, int64(f.Total), f.SHA256, s.clock.Now())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payment_cycles SET status = 'exported' WHERE id = $1`, f.CycleID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// LinesByEndToEnd loads the lines with the given end-to-end ids, with the status of their
// cycle. An id spells a line's key (payments.EndToEnd), so the lookup uses the key.
func (s *Store) LinesByEndToEnd(ctx context.Context, ids []string) (map[string]payments.Line, error) {
	byCycle := map[int64][]int64{}
	for _, id := range ids {
		if c, e, _, ok := payments.ParseEndToEnd(id); ok {
			byCycle[c] = append(byCycle[c], e)
		}
	}
	out := map[string]payments.Line{}
	for cycle, ents := range byCycle {
		for start := 0; start < len(ents); start += 500 {
			chunk := ents[start:min(start+500, len(ents))]
			marks := make([]string, len(chunk))
			args := []any{cycle}
			for i, e := range chunk {
				marks[i] = fmt.Sprintf("$%d", i+2)
				args = append(args, e)
			}
			rows, err := s.db.QueryContext(ctx, `SELECT `+lineColumns+` FROM payment_lines
				WHERE cycle_id = $1 AND entitlement_id IN (`+strings.Join(marks, ",")+`)`, args...)
			if err != nil {
				return nil, err
			}
			lines, err := db.CollectRows(rows, scanLine)
			if err != nil {
				return nil, err
			}
			for _, l := range lines {
				out[l.EndToEndID] = l
			}
		}
	}
	return out, s.cycleStatuses(ctx, out)
}

// cycleStatuses marks lines of cycles not yet exported, which no bank can have paid.
func (s *Store) cycleStatuses(ctx context.Context, lines map[string]payments.Line) error {
	status := map[int64]string{}
	for k, l := range lines {
		st, ok := status[l.CycleID]
		if !ok {
			if err := s.db.QueryRowContext(ctx, `SELECT status FROM payment_cycles WHERE id = $1`, l.CycleID).Scan(&st); err != nil {
				return err
			}
			status[l.CycleID] = st
		}
		if st != payments.Exported && l.Status == payments.LinePending {
			l.Status = "not sent"
			lines[k] = l
		}
	}
	return nil
}

// ApplyStatement records the statement and settles its lines in one transaction; a statement
// already imported is refused.
func (s *Store) ApplyStatement(ctx context.Context, st payments.Statement, results []payments.Result, e audit.Entry) error {
	var paid, returned int
	for _, r := range results {
		if r.Status == payments.LinePaid {
			paid++
		} else {
			returned++
		}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM statements WHERE msg_id = $1`, st.MsgID).Scan(&n)
		if n > 0 {
			return &payments.StatementError{Element: "GrpHdr/MsgId", Reason: st.MsgID + " was already imported"}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO statements (msg_id, format, sha256, paid, returned, imported_by, imported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, st.MsgID, st.Format, st.SHA256, paid, returned, e.ActorLogin, s.clock.Now())
		if err != nil {
			return err
		}
		for _, r := range results {
			if err := s.settle(ctx, tx, r, e.ActorLogin); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, e)
	})
}

func (s *Store) settle(ctx context.Context, tx *sql.Tx, r payments.Result, actor string) error {
	c, ent, kind, _ := payments.ParseEndToEnd(r.Line)
	_, err := tx.ExecContext(ctx, `UPDATE payment_lines SET status = $1, reason = $2, reissue = $3
		WHERE cycle_id = $4 AND entitlement_id = $5 AND kind = $6`, r.Status, r.Reason, r.Reissue, c, ent, kind)
	if err != nil || r.Status != payments.LineReturned || r.Reissue {
		return err
	}
	today := clock.Today(s.clock)
	_, err = tx.ExecContext(ctx, `UPDATE entitlements SET status = 'suspended', status_reason = $1, status_since = $2,
		version = version + 1, updated_at = $3 WHERE id = $4 AND status = 'active'`, r.Reason, today, s.clock.Now(), r.EntitlementID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO entitlement_events (entitlement_id, status, reason, effective, actor, at)
		VALUES ($1, 'suspended', $2, $3, $4, $5)`, r.EntitlementID, r.Reason, today, actor, s.clock.Now())
	return err
}

// StatementImported reports whether a statement with this message id was applied before.
func (s *Store) StatementImported(ctx context.Context, msgID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM statements WHERE msg_id = $1`, msgID).Scan(&n)
	return n > 0, err
}
