package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
)

// Installation modes, as the installation table records them.
const (
	ModeDemo       = "demo"
	ModeProduction = "production"
)

// ErrModeMismatch refuses to start in one mode on a database of the other.
var ErrModeMismatch = errors.New("installation mode mismatch")

// Claim checks that the (migrated) database belongs to the mode dost was started in, and
// marks an unmarked one. An empty database takes the mode it is first started in; a database
// with staff or persons but no mark predates the mark and is a real installation, so it is
// marked production. Demo behaviour — FİN sign-in, demo accounts, the demo payer — can then
// never be switched on over real personal data by a flag alone, nor real settings dropped from
// a demo by forgetting one.
func Claim(ctx context.Context, d *db.DB, demo bool) error {
	mode, err := installed(ctx, d)
	if errors.Is(err, sql.ErrNoRows) {
		mode, err = markFresh(ctx, d, demo)
	}
	if err != nil {
		return fmt.Errorf("installation mode: %w", err)
	}
	switch {
	case mode == ModeProduction && demo:
		return fmt.Errorf("%w: this database is a production installation (marked so, or holding staff or persons from before installations were marked), and --demo (DOST_DEMO=1) is refused on it. Start without --demo, or give the demo a new, empty database, e.g. --db sqlite:./demo-data/dost.db (an old demo database of `make run` from before the mark: delete ./dost-data)", ErrModeMismatch)
	case mode == ModeDemo && !demo:
		return fmt.Errorf("%w: this database was created in demo mode (published passwords, FİN-only sign-in) and starts only with --demo (DOST_DEMO=1); a real installation needs a new, empty database", ErrModeMismatch)
	}
	return nil
}

// Mode reads the database's installation mode; "" when it is not marked yet.
func Mode(ctx context.Context, d *db.DB) (string, error) {
	mode, err := installed(ctx, d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return mode, err
}

func installed(ctx context.Context, d *db.DB) (string, error) {
	var mode string
	err := d.QueryRowContext(ctx, `SELECT mode FROM installation WHERE id = 1`).Scan(&mode)
	return mode, err
}

// markFresh writes the mark of an unmarked database and returns the mark that stands: of
// two nodes starting at once, the first to insert wins and the other reads its mark.
func markFresh(ctx context.Context, d *db.DB, demo bool) (string, error) {
	used, err := hasData(ctx, d)
	if err != nil {
		return "", err
	}
	mode := ModeProduction
	if demo && !used {
		mode = ModeDemo
	}
	if _, err := d.ExecContext(ctx, `INSERT INTO installation (id, mode, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
		mode, time.Now().UTC()); err != nil {
		return "", err
	}
	return installed(ctx, d)
}

// hasData reports whether the database holds staff accounts or persons. EXISTS, not COUNT(*):
// counting a country's registry at every start reads every row.
func hasData(ctx context.Context, d *db.DB) (bool, error) {
	var used bool
	err := d.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM persons)`).Scan(&used)
	return used, err
}
