package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"github.com/dost-platform/dost/migrations"
)

// Migrate brings the schema up to the newest version for the DB's engine.
func (d *DB) Migrate(ctx context.Context) error {
	p, err := d.migrator()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrateTo brings the schema up to version and no further: a test of a migration writes
// rows as the schema before it held them, then migrates the rest of the way.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.migrator()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}

// MigrationStatus reports the current and newest schema versions.
func (d *DB) MigrationStatus(ctx context.Context) (current, newest int64, err error) {
	p, err := d.migrator()
	if err != nil {
		return 0, 0, err
	}
	current, newest, err = p.GetVersions(ctx)
	return current, newest, err
}

func (d *DB) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, string(d.Dialect))
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, d.DB, sub)
}
