// Package db opens the one database dost runs on — embedded SQLite or PostgreSQL — and gives
// every store the same small surface: database/sql, numbered placeholders ($1) that both
// engines accept, transactions, and a dialect switch for the few engine-specific fast paths.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/dost-platform/dost/internal/platform/fail"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The two engines dost supports.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a connection pool plus the dialect it speaks.
type DB struct {
	*sql.DB
	Dialect Dialect
	// writer queues SQLite's writers in Go. SQLite admits one writer at a time; left to
	// itself, a writer that finds the database locked sleeps in steps that grow to 100 ms,
	// which under a mixed load put the 99th percentile above 100 ms. Queued here, the next
	// writer starts the moment the last one commits. PostgreSQL does not take it.
	writer sync.Mutex
}

// lockWrites takes the SQLite writer's turn; the returned function gives it back.
func (d *DB) lockWrites() func() {
	if d.Dialect != SQLite {
		return func() {}
	}
	d.writer.Lock()
	return d.writer.Unlock
}

// ExecContext runs a statement that writes, outside a transaction, in the writers' queue.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer d.lockWrites()()
	return d.DB.ExecContext(ctx, query, args...)
}

// Exec is ExecContext without a context.
func (d *DB) Exec(query string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), query, args...)
}

// Querier is what both *sql.DB and *sql.Tx offer, so a query helper can run in or out of a
// transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ErrNotFound is returned by stores when a looked-up row does not exist.
var ErrNotFound = fail.ErrNotFound

// Open connects to url: "sqlite:PATH" (the directory is created) or "postgres://…".
func Open(ctx context.Context, url string) (*DB, error) {
	d, err := open(url)
	if err != nil {
		return nil, err
	}
	if err := d.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d.Dialect, err)
	}
	return d, nil
}

func open(url string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(strings.TrimPrefix(url, "sqlite:"))
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		pool, err := sql.Open("pgx", sessionDefaults(url))
		if err != nil {
			return nil, err
		}
		n := poolSize()
		pool.SetMaxOpenConns(n)
		pool.SetMaxIdleConns(n)
		return &DB{DB: pool, Dialect: Postgres}, nil
	}
	return nil, fmt.Errorf("database URL %q: want sqlite:PATH or postgres://…", Redact(url))
}

// sessionDefaults sets PostgreSQL session settings that suit dost's queries, each unless the
// URL sets it itself. dost's queries are keyset pages and index probes over id ranges:
//   - no parallel query: workers cost more to start than they save and take cores from the
//     other sessions (the payroll's batch read of 10,000 dues took 86–158 ms with two workers
//     and 37–69 ms without; preparing 1,000,000 lines went from 14.7 s to 7.9 s);
//   - no JIT: a page of 2,000 households costs above jit_above_cost, and compiling it took
//     longer than running it (66–71 ms a page without JIT, 112–204 ms with).
//
// Figures in docs/PERFORMANCE.md. An analytics node may set either back in its URL.
func sessionDefaults(url string) string {
	for _, setting := range []string{"max_parallel_workers_per_gather=0", "jit=off"} {
		name, _, _ := strings.Cut(setting, "=")
		if strings.Contains(url, name+"=") {
			continue
		}
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		url += sep + setting
	}
	return url
}

// poolSize is how many PostgreSQL connections one node opens: four per core, or
// DOST_DB_POOL. More connections than that do not add throughput on a small machine; they add
// backends competing for the same cores, and under a mixed load on 2 cores 20 connections
// had twice the 99th-percentile latency of 8 (docs/PERFORMANCE.md).
func poolSize() int {
	if n, err := strconv.Atoi(os.Getenv("DOST_DB_POOL")); err == nil && n > 0 {
		return n
	}
	return max(8, 4*runtime.GOMAXPROCS(0))
}

// openSQLite opens a WAL database. Write transactions begin IMMEDIATE so that two writers
// queue on the busy timeout instead of failing on a lock upgrade.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	// The path goes into a file: URI, where '?' starts the query and '#' a fragment: a path
	// holding either (a Go subtest's temporary directory "…sqlite#01…", say) would open
	// another file. SQLite decodes %HH in URI paths.
	dsn := "file:" + uriPath.Replace(path) + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=busy_timeout(15000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)"
	pool := sql.OpenDB(sqliteConnector{dsn: dsn, driver: sqliteDriver})
	pool.SetMaxOpenConns(8)
	pool.SetMaxIdleConns(8)
	return &DB{DB: pool, Dialect: SQLite}, nil
}

// InTx runs fn in a transaction and commits it when fn returns nil. On SQLite the
// transaction waits for its turn among writers first; fn must not start another InTx.
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	defer d.lockWrites()()
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Redact hides the password of a database URL so that it can be logged.
func Redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	creds := url[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return url[:scheme+3] + creds[:i] + ":***" + url[at:]
	}
	return url
}
