package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// MinAuditKey is the shortest audit key accepted, in bytes.
const MinAuditKey = 32

// check is the one place that decides whether a configuration may start. A demo may not run
// beside single sign-on (its FİN-only sign-in would open any citizen's cabinet on a real
// portal). Outside demo, every setting a real ministry needs must be given — no demo account
// pays, no message is only logged, no audit log goes unkeyed — and no demo behaviour may be
// asked for. Everything missing is named at once, with the variable that sets it.
func (c Config) check() error {
	if c.Demo {
		if c.CitizenLogin.OIDC != nil {
			return errors.New("--demo (DOST_DEMO=1) is refused while citizens' single sign-on is configured (DOST_OIDC_ISSUER): the demo lets anyone sign in as any citizen by FİN alone. Unset DOST_OIDC_ISSUER for a demo, or start without --demo")
		}
		return nil
	}
	var missing []string
	if c.Payer.IBAN == "" || c.Payer.Name == "" || c.Payer.BIC == "" {
		missing = append(missing, "the account payments are made from: set DOST_PAYER_NAME, DOST_PAYER_IBAN and DOST_PAYER_BIC")
	}
	if c.Sender == nil {
		missing = append(missing, "an SMS gateway: set DOST_SMS_URL and DOST_SMS_TOKEN (or DOST_SMS_TOKEN_FILE)")
	}
	if _, ok := c.Sender.(notify.LogSender); ok {
		missing = append(missing, "a real SMS gateway (the logging sender is for the demo only): set DOST_SMS_URL and DOST_SMS_TOKEN")
	}
	if len(c.AuditKey) < MinAuditKey {
		missing = append(missing, fmt.Sprintf("an audit key of at least %d bytes: set DOST_AUDIT_KEY or DOST_AUDIT_KEY_FILE (e.g. openssl rand -hex 32)", MinAuditKey))
	}
	if c.Checkpoint.Key == nil {
		missing = append(missing, "a key that signs the audit log's checkpoints: set DOST_CHECKPOINT_KEY or DOST_CHECKPOINT_KEY_FILE (e.g. openssl genpkey -algorithm ed25519)")
	}
	if c.Checkpoint.Dir == "" {
		missing = append(missing, "a directory outside the database for the audit checkpoints: set --checkpoint-dir (DOST_CHECKPOINT_DIR)")
	}
	if c.CitizenLogin.Demo {
		missing = append(missing, "no FİN-only citizen sign-in: that is a demo behaviour (--demo)")
	}
	if _, ok := c.Clock.(clock.Shifted); ok {
		missing = append(missing, "no shifted clock: --clock-offset is a demo behaviour (--demo)")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("refusing to start outside demo mode; a real installation needs:\n  - %s\n(for a demo with made-up data, start with --demo or DOST_DEMO=1)", strings.Join(missing, "\n  - "))
}
