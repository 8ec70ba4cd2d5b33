// Package world holds the shared synthetic world of namsfogd: persons,
// organisations, employments, bank accounts and unsecured debts, the
// deterministic generator that builds it from a seed and a size, and the
// simulated clock that every API reads "now" and "today" from.
//
// It is the domain layer: it never imports net/http, database drivers or any
// API package. Every API package reads and changes the world through the
// storage interface in package store, using these types.
package world
