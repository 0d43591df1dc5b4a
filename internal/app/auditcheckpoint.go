package app

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
)

// AuditCheckpoints configures the audit log's signed checkpoints.
type AuditCheckpoints struct {
	Key   ed25519.PrivateKey // DOST_CHECKPOINT_KEY[_FILE]; nil: the published demo key
	Dir   string             // where they are exported outside the database; empty: not exported
	Every time.Duration      // how often; 5 minutes by default
}

// openAudit opens the audit log with its keys and checkpoints, and gives a chain that has no
// checkpoint yet (one written before checkpoints existed) its first.
func (a *App) openAudit(ctx context.Context) (*audit.Log, error) {
	l := audit.New(a.DB, a.Config.Clock)
	l.UseKeys(audit.Keyring{Current: a.Config.AuditKey, Old: a.Config.AuditOldKeys})
	var exp audit.Exporter
	if a.Config.Checkpoint.Dir != "" {
		exp = audit.Dir(a.Config.Checkpoint.Dir)
	}
	l.UseCheckpoints(a.Config.Checkpoint.Key, exp)
	if a.Config.AuditKey == nil {
		a.Config.Log.Warn("audit log keyed with the published demo key: set DOST_AUDIT_KEY or DOST_AUDIT_KEY_FILE outside the demo")
	}
	if a.Config.Checkpoint.Key == nil {
		a.Config.Log.Warn("audit checkpoints signed with the published demo key: set DOST_CHECKPOINT_KEY or DOST_CHECKPOINT_KEY_FILE outside the demo")
	}
	if _, err := l.FirstCheckpoint(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// checkpointAudit signs the audit log's head at start-up and every period. Every node runs
// it; the checkpoint table's lock lets one write per period. A plain service method on a
// ticker until the platform's job runner takes it over as a periodic job.
func (a *App) checkpointAudit(ctx context.Context) {
	every := a.Config.Checkpoint.Every
	if every <= 0 {
		every = 5 * time.Minute
	}
	if a.Config.Checkpoint.Dir == "" {
		a.Config.Log.Warn("audit checkpoints are kept only in the database: set --checkpoint-dir (DOST_CHECKPOINT_DIR) to export them")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		// nine tenths of the period: a tick that comes a moment early still writes
		if _, err := a.Audit.Checkpoint(ctx, every*9/10); err != nil && ctx.Err() == nil {
			a.Config.Log.Error("audit checkpoint", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
