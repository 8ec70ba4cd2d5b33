package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"

	"modernc.org/sqlite"
)

// cachedDriverName is the SQLite driver with a per-connection statement
// cache. The pure-Go SQLite driver parses a query's SQL again on every
// execution unless the statement was prepared; parsing was 15–30 % of the
// CPU of a typical API request. This wrapper prepares each distinct
// single-statement query once per connection and reuses it, for every
// query the store runs, inside transactions too.
const cachedDriverName = "sqlite-namsfogd"

func init() {
	sql.Register(cachedDriverName, cachingDriver{base: &sqlite.Driver{}})
}

// maxCachedStmts bounds the statements kept per connection; further
// distinct queries run unprepared.
const maxCachedStmts = 512

type cachingDriver struct{ base driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.base.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: c, stmts: map[string]*cachedStmt{}}, nil
}

// cachingConn is used by one goroutine at a time (database/sql's
// contract), so it needs no lock. A cached statement is busy while rows
// it returned are open; a query that needs it meanwhile (a nested query
// with the same SQL) runs unprepared instead.
type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	s    driver.Stmt
	busy bool
}

// cacheable: single statements only; scripts are parsed statement by
// statement by the driver anyway.
func cacheable(q string) bool {
	return !strings.Contains(strings.TrimRight(strings.TrimSpace(q), ";"), ";")
}

func (c *cachingConn) stmt(ctx context.Context, q string) (*cachedStmt, error) {
	if st, ok := c.stmts[q]; ok {
		if st.busy {
			return nil, nil
		}
		return st, nil
	}
	if len(c.stmts) >= maxCachedStmts || !cacheable(q) {
		return nil, nil
	}
	s, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	st := &cachedStmt{s: s}
	c.stmts[q] = st
	return st, nil
}

// ExecContext runs q through its cached statement.
func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
	}
	return st.s.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs q through its cached statement; the statement stays
// busy until the rows are closed.
func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
	}
	st.busy = true
	rows, err := st.s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		st.busy = false
		return nil, err
	}
	return &cachedRows{Rows: rows, st: st}, nil
}

// PrepareContext prepares a statement the caller owns (not cached).
func (c *cachingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

// BeginTx begins a transaction on the wrapped connection.
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

// Ping checks the wrapped connection.
func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// ResetSession passes the pool's reset on.
func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid passes the pool's validity check on.
func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// Close finalises the cached statements, then the connection.
func (c *cachingConn) Close() error {
	var errs []error
	for q, st := range c.stmts {
		if err := st.s.Close(); err != nil {
			errs = append(errs, err)
		}
		delete(c.stmts, q)
	}
	errs = append(errs, c.Conn.Close())
	return errors.Join(errs...)
}

type cachedRows struct {
	driver.Rows
	st *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.st.busy = false
	return err
}
