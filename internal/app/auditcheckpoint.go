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
