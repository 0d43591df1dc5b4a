package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// Scanner is one row to read: a *sql.Row or the current row of *sql.Rows. It is an alias, so
// that a store's scanX(row interface{ Scan(...any) error }) serves One and Collect as it is.
type Scanner = interface{ Scan(dest ...any) error }

// One runs a query that returns one row and reads it with scan. No row is fail.ErrNotFound;
// every error comes back wrapped with what ("user: not found"), so the web layer still finds
// the sentinel and a log line says what was looked up.
func One[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), query string, args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%s: %w", what, fail.ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Collect runs a query and reads every row with scan, in order. No row is an empty (nil)
// slice, not an error.
func Collect[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return CollectRows(rows, scan)
}

// CollectRows reads every row of rows with scan and closes them: Collect for a caller that
// ran the query itself.
func CollectRows[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Value reads a row of one column: the scan function of a query such as SELECT id … or
// SELECT COUNT(*) ….
func Value[T any](row Scanner) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}

// NullID is an optional reference as a query argument: 0, the zero id no row has, is NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ForUpdate is the locking clause that ends a SELECT reading a row the transaction will
// write: " FOR UPDATE" on PostgreSQL, nothing on SQLite, whose write transactions
// (BEGIN IMMEDIATE) already hold the one writer's lock.
func (d *DB) ForUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ForUpdateSkipLocked is ForUpdate for a work queue: on PostgreSQL a row another
// transaction has locked is passed over rather than waited for, so that several takers do
// not queue behind each other.
func (d *DB) ForUpdateSkipLocked() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
