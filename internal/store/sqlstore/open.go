package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a store.Store on SQLite or PostgreSQL.
type DB struct {
	dialect string
	// w takes every write. On PostgreSQL w and r are the same pool.
	w *sql.DB
	r *sql.DB
	// dsn is kept for the PostgreSQL bulk loader.
	dsn string
	// gc commits SQLite writes in groups; nil on PostgreSQL.
	gc *groupCommitter
	// orgs caches organisations that were found.
	orgs orgCache
	// utleggNr numbers waiting utleggsbegjæring messages (utlegg.go).
	utleggNr utleggNummerering
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL; anything else is a SQLite file path. Migrations are
// applied before Open returns.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var (
		db  *DB
		err error
	)
	if IsPostgres(dsn) {
		db, err = openPostgres(ctx, dsn)
	} else {
		db, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: create directory %s: %w", dir, err)
		}
	}
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(15000)",
		"foreign_keys(1)", "cache_size(-65536)", "temp_store(MEMORY)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open(cachedDriverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	rq := url.Values{}
	for _, p := range []string{"busy_timeout(15000)", "cache_size(-65536)", "query_only(1)"} {
		rq.Add("_pragma", p)
	}
	r, err := sql.Open(cachedDriverName, "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{dialect: SQLite, w: w, r: r, dsn: path, gc: newGroupCommitter(w)}, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect %s: %w", redact(dsn), err)
	}
	return &DB{dialect: Postgres, w: db, r: db, dsn: dsn}, nil
}

// redact hides a password in a URL for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return err
	}
	return db.r.PingContext(ctx)
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.gc != nil {
		db.gc.close()
	}
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Writer returns the pool that takes writes; API-specific storage in this
// package uses it with tx.
func (db *DB) Writer() *sql.DB { return db.w }

// Reader returns the pool for reads.
func (db *DB) Reader() *sql.DB { return db.r }

// tx runs fn in one write transaction and commits it; any error rolls it
// back, so a failed call writes nothing. On SQLite concurrent calls share
// one commit (see groupCommitter); fn must not call tx itself.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.gc != nil {
		return db.gc.do(ctx, fn)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// RawExec runs one statement on the writer; tests use it to prove
// database-level guarantees (e.g. that audit rows cannot be changed).
func (db *DB) RawExec(q string) error {
	_, err := db.w.Exec(q)
	return err
}
