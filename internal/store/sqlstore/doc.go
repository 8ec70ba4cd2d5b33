// Package sqlstore implements store.Store on SQL databases: SQLite (the
// embedded default, through the pure-Go modernc.org/sqlite driver) and
// PostgreSQL (for several namsfogd processes sharing one database, through
// pgx). Both dialects share the queries; they differ only in their
// migration files and in the few statements marked per dialect.
//
// Queries use $1-style placeholders, which both SQLite and PostgreSQL
// accept; each placeholder must first appear in ascending order.
//
// On SQLite all writes go through one connection (SQLite has one writer at
// a time anyway) and reads through a pool; the database runs in WAL mode
// with synchronous=FULL, so a committed write survives a crash of the
// process or of the machine.
package sqlstore
