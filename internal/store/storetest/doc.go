// Package storetest is the conformance suite every store.Store backend
// runs: one named sub-test per promise of the store package (entities,
// unique constraints, idempotency, job claiming, append-only audit,
// sequence allocation, settings, bulk world loading). A backend's test file
// calls Run with a function that opens a fresh, empty store.
package storetest
