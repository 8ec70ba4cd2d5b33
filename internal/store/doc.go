// Package store defines the one storage interface of namsfogd and the
// sentinel errors every backend returns. Backends live in sub-packages named
// after their technology (sqlstore serves both SQLite and PostgreSQL) and all
// run the same conformance suite in storetest.
//
// Invariants every backend keeps:
//   - a method that returns nil has made its write durable;
//   - a failed method has written nothing (each call is one transaction);
//   - audit records are append-only: no method changes or deletes one;
//   - sequence numbers are committed in order: a reader never sees N+1
//     before N.
//
// This package never imports net/http or any API package.
package store
