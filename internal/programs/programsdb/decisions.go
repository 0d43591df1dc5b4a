package programsdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/programs"
)

// trace is what the steps column keeps besides the inputs: which conditions held and the
// values the explanation quotes.
type trace struct {
	Steps  []eligibility.Step `json:"steps"`
	Values map[string]any     `json:"values"`
}

// SaveDecision stores a decision and, when it grants, its entitlement, with the audit entry.
func (s *Store) SaveDecision(ctx context.Context, d *programs.Decision, ent *programs.Entitlement, e audit.Entry) error {
	inputs, err := json.Marshal(d.Rule.Input)
	if err != nil {
		return err
	}
	steps, err := json.Marshal(trace{Steps: d.Rule.Steps, Values: d.Rule.Values})
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO decisions (uuid, program_id, rule_id, person_id, household_id,
			decided_on, eligible, amount, outcome, final_amount, inputs, steps, explanation_az, explanation_en,
			explanation_ru, decided_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
			d.UUID, d.ProgramID, d.RuleID, d.PersonID, db.NullID(d.HouseholdID), d.DecidedOn, d.Rule.Eligible,
			int64(d.Rule.Amount), d.Outcome, int64(d.FinalAmount), string(inputs), string(steps),
			d.Explanation.AZ, d.Explanation.EN, d.Explanation.RU, d.DecidedBy, d.CreatedAt).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("save decision: %w", err)
		}
		if ent != nil {
			ent.DecisionID = d.ID
			if err := s.insertEntitlement(ctx, tx, ent, d.DecidedBy); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, e)
	})
}

const decisionSelect = `SELECT d.id, d.uuid, d.program_id, d.rule_id, d.person_id, COALESCE(d.household_id, 0),
	d.decided_on, d.eligible, d.amount, d.outcome, d.final_amount, d.inputs, d.steps, d.explanation_az,
	d.explanation_en, d.explanation_ru, d.override_reason, d.overridden_by, d.decided_by, d.created_at,
	p.code || ' v' || r.version
	FROM decisions d JOIN rules r ON r.id = d.rule_id JOIN programs p ON p.id = d.program_id`

// DecisionByUUID loads a decision with its trace.
func (s *Store) DecisionByUUID(ctx context.Context, id string) (programs.Decision, error) {
	return db.One(ctx, s.db, "decision", scanDecision, decisionSelect+` WHERE d.uuid = $1`, id)
}

// DecisionsOf lists a person's decisions, newest first.
func (s *Store) DecisionsOf(ctx context.Context, personID int64) ([]programs.Decision, error) {
	return db.Collect(ctx, s.db, scanDecision, decisionSelect+` WHERE d.person_id = $1 ORDER BY d.id DESC LIMIT 100`, personID)
}

func scanDecision(row interface{ Scan(...any) error }) (programs.Decision, error) {
	var d programs.Decision
	var inputs, steps string
	var amount, final int64
	err := row.Scan(&d.ID, &d.UUID, &d.ProgramID, &d.RuleID, &d.PersonID, &d.HouseholdID,
		&d.DecidedOn, &d.Rule.Eligible, &amount, &d.Outcome, &final, &inputs, &steps, &d.Explanation.AZ,
		&d.Explanation.EN, &d.Explanation.RU, &d.OverrideReason, &d.OverriddenBy, &d.DecidedBy, &d.CreatedAt, &d.Rule.Rule)
	if err != nil {
		return d, err
	}
	d.Rule.Amount, d.FinalAmount = money.Amount(amount), money.Amount(final)
	var t trace
	if err := json.Unmarshal([]byte(steps), &t); err != nil {
		return d, err
	}
	d.Rule.Steps, d.Rule.Values = t.Steps, t.Values
	return d, json.Unmarshal([]byte(inputs), &d.Rule.Input)
}

// Override stores an officer's outcome beside the rule's and applies it to the entitlement.
func (s *Store) Override(ctx context.Context, d programs.Decision, ent *programs.Entitlement, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE decisions SET outcome = $1, final_amount = $2, override_reason = $3,
			overridden_by = $4 WHERE id = $5`, d.Outcome, int64(d.FinalAmount), d.OverrideReason, d.OverriddenBy, d.ID)
		if err != nil {
			return fmt.Errorf("override: %w", err)
		}
		switch {
		case ent == nil:
		case ent.ID == 0:
			ent.DecisionID = d.ID
			err = s.insertEntitlement(ctx, tx, ent, d.OverriddenBy)
		default:
			err = s.updateEntitlement(ctx, tx, *ent, d.OverriddenBy)
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}
