package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared read statements, so hot lookups skip SQL
// parsing (which otherwise dominates a point lookup in SQLite). A
// *sql.Stmt is safe for concurrent use and re-prepares itself on each
// pooled connection as needed.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func (db *DB) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	c := &db.stmts
	c.mu.RLock()
	s, ok := c.m[q]
	c.mu.RUnlock()
	if ok {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s, nil
	}
	s, err := db.r.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = s
	return s, nil
}

// queryRow runs a cached read statement returning one row.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := db.stmt(ctx, q)
	if err != nil {
		// Let the error surface through Scan, as QueryRowContext would.
		return db.r.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// query runs a cached read statement.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := db.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}
