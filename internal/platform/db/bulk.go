package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Rows feeds a bulk write one row at a time: Next returns the next row's values, or false
// when there are none. It lets a caller stream millions of rows in bounded memory.
type Rows interface {
	Next() ([]any, bool)
	Err() error
}

// BulkInsert writes every row of src into table. PostgreSQL uses COPY; SQLite a prepared
// multi-row INSERT inside one transaction. It is the fast path for generated and imported
// data, and the "floor" that batch benchmarks are compared with.
func (d *DB) BulkInsert(ctx context.Context, table string, columns []string, src Rows) (int64, error) {
	if d.Dialect == Postgres {
		return d.copyPostgres(ctx, table, columns, src)
	}
	var n int64
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = insertBatches(ctx, tx, table, columns, src)
		return err
	})
	return n, err
}

func (d *DB) copyPostgres(ctx context.Context, table string, columns []string, src Rows) (int64, error) {
	conn, err := d.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		n, err = pc.CopyFrom(ctx, pgx.Identifier{table}, columns, &copySource{src: src})
		return err
	})
	if err != nil {
		return n, fmt.Errorf("copy into %s: %w", table, err)
	}
	return n, src.Err()
}

type copySource struct {
	src Rows
	row []any
}

func (c *copySource) Next() bool {
	var ok bool
	c.row, ok = c.src.Next()
	return ok
}
func (c *copySource) Values() ([]any, error) { return c.row, nil }
func (c *copySource) Err() error             { return c.src.Err() }

// sqliteBatch rows go in one INSERT; SQLite allows 32,766 parameters per statement.
const sqliteBatch = 200

func insertBatches(ctx context.Context, tx *sql.Tx, table string, columns []string, src Rows) (int64, error) {
	full, err := tx.PrepareContext(ctx, insertSQL(table, columns, sqliteBatch))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	var n int64
	args := make([]any, 0, sqliteBatch*len(columns))
	for {
		row, ok := src.Next()
		if ok {
			args = append(args, row...)
		}
		rows := len(args) / len(columns)
		if rows == sqliteBatch || (!ok && rows > 0) {
			stmt := full
			if rows < sqliteBatch {
				stmt, err = tx.PrepareContext(ctx, insertSQL(table, columns, rows))
				if err != nil {
					return n, err
				}
				defer stmt.Close()
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return n, fmt.Errorf("insert into %s: %w", table, err)
			}
			n += int64(rows)
			args = args[:0]
		}
		if !ok {
			return n, src.Err()
		}
	}
}

// insertSQL uses anonymous ? parameters: modernc looks up each named or numbered parameter
// by a linear scan, which costs quadratic time in a statement with thousands of them.
func insertSQL(table string, columns []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(columns, ", "))
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range columns {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// SliceRows adapts an in-memory slice of rows to Rows, for small bulk writes and tests.
type SliceRows struct {
	Data [][]any
	i    int
}

// Next returns the next row.
func (s *SliceRows) Next() ([]any, bool) {
	if s.i >= len(s.Data) {
		return nil, false
	}
	s.i++
	return s.Data[s.i-1], true
}

// Err is always nil.
func (s *SliceRows) Err() error { return nil }
