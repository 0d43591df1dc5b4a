package db

import (
	"context"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// stmtCacheSize bounds the statements one SQLite connection keeps prepared. dost's hot paths
// use a few hundred distinct statements; a bounded cache keeps memory flat if a caller ever
// builds SQL text per request (dynamic filters do: their variants are few, but not fixed).
const stmtCacheSize = 256

// The SQLite driver compiles the SQL text of every Query and Exec from scratch and throws the
// compiled statement away afterwards: a profile of the single-window mix found 29% of the
// server's CPU in SQLite's parser. sqliteConnector gives each connection a cache of compiled
// statements keyed by their text, so a statement is parsed once per connection and after that
// only bound and stepped — what PostgreSQL's driver (pgx) already does with its statement cache.
//
// Correctness rests on three facts: database/sql uses a connection from one goroutine at a
// time; a statement whose rows are still open (a query run again inside its own loop, in one
// transaction) is busy, and the second use then compiles a one-off statement as before; and
// SQLite recompiles a cached statement by itself when the schema changes (sqlite3_prepare_v2).
// A reset statement holds no lock and no read snapshot, so caching it changes no isolation.
type sqliteConnector struct {
	dsn    string
	driver *sqlite.Driver
}

// sqliteDriver is dost's own instance of the SQLite driver (the package documents a
// constructed one as supported); it opens the connections that sqliteConnector wraps.
var sqliteDriver = &sqlite.Driver{}

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteDriverConn)
	if !ok {
		conn.Close()
		return nil, errors.New("sqlite: driver connection lacks the context methods")
	}
	return &cachingConn{sqliteDriverConn: inner, stmts: map[string]*cachedStmt{}}, nil
}

func (c sqliteConnector) Driver() driver.Driver { return c.driver }

// sqliteDriverConn is what the SQLite driver's connection offers and database/sql looks for.
type sqliteDriverConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachedStmt is one compiled statement and whether rows read from it are still open.
type cachedStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	busy bool
}

// cachingConn is a SQLite connection that runs Exec and Query through its statement cache.
type cachingConn struct {
	sqliteDriverConn
	stmts map[string]*cachedStmt
}

// ExecContext runs query on its cached statement, compiling it on first use.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.take(ctx, query)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.sqliteDriverConn.ExecContext(ctx, query, args)
	}
	defer func() { s.busy = false }()
	return s.stmt.ExecContext(ctx, args)
}

// QueryContext runs query on its cached statement; the statement stays busy until the rows
// are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.take(ctx, query)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.sqliteDriverConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		s.busy = false
		return nil, err
	}
	typed, ok := rows.(sqliteRows)
	if !ok {
		rows.Close()
		s.busy = false
		return nil, errors.New("sqlite: driver rows lack the column-type methods")
	}
	return &cachedRows{sqliteRows: typed, s: s}, nil
}

// take marks query's cached statement busy and returns it, compiling and caching it first if
// needed. It returns nil (and no error) when the statement is busy: the caller then runs a
// one-off statement, as the driver does without a cache.
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil, nil
		}
		s.busy = true
		return s, nil
	}
	st, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	stmt, ok := st.(interface {
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		st.Close()
		return nil, nil
	}
	c.evict()
	s := &cachedStmt{stmt: struct {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}{st, stmt, stmt}, busy: true}
	c.stmts[query] = s
	return s, nil
}

// evict makes room for one more statement by closing one that is not in use. Which one does
// not matter much: a statement in the hot path is compiled again on its next use.
func (c *cachingConn) evict() {
	if len(c.stmts) < stmtCacheSize {
		return
	}
	for q, s := range c.stmts {
		if !s.busy {
			s.stmt.Close()
			delete(c.stmts, q)
			return
		}
	}
}

// Close finalizes the cached statements before the connection: SQLite refuses to close a
// connection with statements left open.
func (c *cachingConn) Close() error {
	for q, s := range c.stmts {
		s.stmt.Close()
		delete(c.stmts, q)
	}
	return c.sqliteDriverConn.Close()
}

// cachedRows gives its statement back when closed. The driver resets (not finalizes) a
// prepared statement's rows on Close, so the statement is ready for its next use.
type cachedRows struct {
	sqliteRows
	s *cachedStmt
}

// sqliteRows is what the SQLite driver's rows offer: database/sql's ColumnTypes reads the
// column-type methods.
type sqliteRows interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

func (r *cachedRows) Close() error {
	err := r.sqliteRows.Close()
	r.s.busy = false
	return err
}
