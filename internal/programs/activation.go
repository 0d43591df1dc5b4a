package programs

import (
	"context"
	"slices"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// reviewActivation is the four-eyes check on putting a rule version in force. An analyst may
// activate a version only after a recorded dry run of that version that finished with no
// evaluation failures (a case that needs an officer's review is an outcome, not a failure),
// and only if they neither wrote the version nor ran that dry run; a second version in force
// from the same date is refused, since which of the two applies would be a guess.
//
// Activation with no principal — the demo seed and start-up, acting as the system — is not
// reviewed: no request reaches it, since every route that activates requires a signed-in
// analyst.
func (s *Service) reviewActivation(ctx context.Context, rv RuleVersion) error {
	if err := s.sameDate(ctx, rv); err != nil {
		return err
	}
	if authz.From(ctx) == nil {
		return nil
	}
	actor := authz.Actor(ctx)
	if rv.CreatedBy == actor {
		return activationRefused("activation.own_version")
	}
	runs, err := s.store.VersionDryRuns(ctx, rv.ProgramID, rv.Rule.Version)
	if err != nil {
		return err
	}
	clean := slices.DeleteFunc(runs, func(r DryRunRecord) bool {
		return r.Status != DryRunDone || r.Result == nil || r.Result.Draft.Failed > 0
	})
	if len(clean) == 0 {
		return activationRefused("activation.no_clean_dry_run")
	}
	if !slices.ContainsFunc(clean, func(r DryRunRecord) bool { return r.StartedBy != actor }) {
		return activationRefused("activation.own_dry_run")
	}
	return nil
}

// sameDate refuses a version whose effective date another active version already has.
func (s *Service) sameDate(ctx context.Context, rv RuleVersion) error {
	all, err := s.store.Rules(ctx, rv.ProgramID)
	if err != nil {
		return err
	}
	for _, other := range all {
		if other.ID != rv.ID && other.Status == Active && other.Rule.EffectiveFrom == rv.Rule.EffectiveFrom {
			return fail.Fields{{Name: "version", Key: "activation.same_date",
				Args: map[string]any{"Version": other.Rule.Version, "Date": rv.Rule.EffectiveFrom.String()}}}
		}
	}
	return nil
}

func activationRefused(key string) error { return fail.Fields{{Name: "version", Key: key}} }
