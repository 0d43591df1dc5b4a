package main

import (
	"context"
	"crypto/ed25519"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/progress"
)

// auditKeys reads the audit keys (DOST_AUDIT_KEY or DOST_AUDIT_KEY_FILE) and the checkpoint
// signing key (DOST_CHECKPOINT_KEY or DOST_CHECKPOINT_KEY_FILE) into cfg; unset keys stay nil
// and the app falls back to the published demo keys.
func auditKeys(cfg *app.Config) error {
	keys, err := audit.KeysFromEnv()
	if err != nil {
		return err
	}
	cfg.AuditKey, cfg.AuditOldKeys = keys.Current, keys.Old
	cfg.Checkpoint.Key, err = audit.CheckpointKeyFromEnv()
	return err
}

// checkpointDirFlag adds --checkpoint-dir.
func checkpointDirFlag(fs *flag.FlagSet) *string {
	return fs.String("checkpoint-dir", os.Getenv("DOST_CHECKPOINT_DIR"),
		"directory outside the database where signed audit checkpoints are exported, one file each (env DOST_CHECKPOINT_DIR)")
}

func runAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(out, auditUsage)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return fmt.Errorf("audit: want verify")
	}
	return auditVerify(ctx, args[1:], out)
}

const auditUsage = `Usage: dost audit verify [--db URL] [--checkpoint-dir DIR] [--checkpoint-public-key FILE]

Recomputes the keyed hash chain of the whole audit log with the audit keys (DOST_AUDIT_KEY or
DOST_AUDIT_KEY_FILE: the current key first, then the keys it replaced), checks every checkpoint
in the database, then checks the log against the latest checkpoint exported to the directory:
its row must be there with the same hash, and the log must not end before it. Exits 2 with a
sentence naming what is wrong: a row edited, missing or rewritten without the key; rows cut from
the end; a wiped log; an older backup restored in place.`

func auditVerify(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("audit verify", "Verify the audit log's keyed chain and its signed checkpoints; exit 2 when anything does not hold.", out)
	dbURL := dbFlag(fs)
	dir := checkpointDirFlag(fs)
	pubFile := fs.String("checkpoint-public-key", os.Getenv("DOST_CHECKPOINT_PUBLIC_KEY_FILE"),
		"file(s), comma-separated, with the checkpoint keys' public halves (PEM or base64); by default the public half of DOST_CHECKPOINT_KEY (env DOST_CHECKPOINT_PUBLIC_KEY_FILE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cfg app.Config
	if err := auditKeys(&cfg); err != nil {
		return err
	}
	pub, err := publicKeys(*pubFile, cfg.Checkpoint.Key)
	if err != nil {
		return err
	}
	// opened without app.New: verifying must neither migrate nor write a checkpoint
	if err := existing(ctx, *dbURL); err != nil {
		return err
	}
	d, err := db.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	l := audit.New(d, clock.System{})
	l.UseKeys(audit.Keyring{Current: cfg.AuditKey, Old: cfg.AuditOldKeys})
	var latest *audit.Checkpoint
	if *dir != "" {
		if latest, err = audit.Dir(*dir).Latest(pub); err != nil {
			return err
		}
	}
	bar := progress.New(os.Stderr, "audit verify")
	res, err := l.Verify(ctx, audit.VerifyOptions{Public: pub, Exported: latest, Progress: func(done, total int64) { bar.Set(int(done), int(total)) }})
	if err != nil {
		return err
	}
	bar.Done()
	if res.Broken != nil {
		return exitError{2, fmt.Errorf("audit log broken at row %d: %s (%d rows before it intact)", res.Broken.ID, res.Broken.Reason, res.Rows)}
	}
	fmt.Fprintf(out, "audit log intact: %d rows, %d checkpoints in the database\n", res.Rows, res.Checkpoints)
	switch {
	case res.Against != nil:
		fmt.Fprintf(out, "agrees with the latest exported checkpoint %d (row %d, %s)\n", res.Against.ID, res.Against.LastID, res.Against.At.Format(time.RFC3339))
	case *dir == "":
		fmt.Fprintln(out, "warning: no --checkpoint-dir given: rows cut from the end or a wiped log cannot be detected")
	default:
		fmt.Fprintf(out, "warning: %s holds no checkpoint signed by the checkpoint key\n", *dir)
	}
	return nil
}

// publicKeys reads the checkpoint public keys from the files named, or derives the one of the
// signing key; the demo key's when neither is given.
func publicKeys(files string, signer ed25519.PrivateKey) (audit.PublicKeys, error) {
	var keys audit.PublicKeys
	for _, f := range strings.Split(files, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--checkpoint-public-key: %w", err)
		}
		k, err := audit.ParsePublicKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		keys = append(keys, k)
	}
	if len(keys) > 0 {
		return keys, nil
	}
	if signer == nil {
		if !demoEnv() {
			return nil, fmt.Errorf("no checkpoint key to verify against: give --checkpoint-public-key or DOST_CHECKPOINT_KEY (the published demo key is trusted only with DOST_DEMO=1)")
		}
		signer = audit.DemoCheckpointKey
	}
	return audit.PublicKeys{signer.Public().(ed25519.PublicKey)}, nil
}

var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// appRoleGrants gives the role dost serve --no-migrate runs as what it needs and no more:
// it reads and writes the application's tables, but of the audit log and its checkpoints it
// may only insert and read, and of the chain head only move the two columns forward (the
// trigger of migration 00016 refuses a move back). Run at every migration, so tables a new
// migration adds are granted too. docs/security-audit.md shows the same SQL.
const appRoleGrants = `GRANT USAGE ON SCHEMA public TO %[1]s;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %[1]s;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %[1]s;
REVOKE ALL ON goose_db_version FROM %[1]s;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM %[1]s;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_head FROM %[1]s;
GRANT UPDATE (last_id, last_hash) ON audit_head TO %[1]s;`

// grantAppRole runs appRoleGrants for role on PostgreSQL.
func grantAppRole(ctx context.Context, d *db.DB, role string) error {
	if d.Dialect != db.Postgres {
		return fmt.Errorf("--app-role: roles are PostgreSQL's; SQLite has none")
	}
	if !roleName.MatchString(role) {
		return fmt.Errorf("--app-role %q: want a lower-case PostgreSQL role name", role)
	}
	if _, err := d.ExecContext(ctx, fmt.Sprintf(appRoleGrants, role)); err != nil {
		return fmt.Errorf("grant to the app role %s: %w", role, err)
	}
	return nil
}

// firstCheckpoint gives a migrated log with no checkpoint its first one, exported to dir.
func firstCheckpoint(ctx context.Context, d *db.DB, dir string) error {
	var cfg app.Config
	if err := auditKeys(&cfg); err != nil {
		return err
	}
	l := audit.New(d, clock.System{})
	l.UseKeys(audit.Keyring{Current: cfg.AuditKey, Old: cfg.AuditOldKeys})
	var exp audit.Exporter
	if dir != "" {
		exp = audit.Dir(dir)
	}
	l.UseCheckpoints(cfg.Checkpoint.Key, exp)
	_, err := l.FirstCheckpoint(ctx)
	return err
}
