// Package server assembles namsfogd: it opens the store, seeds the world
// on first start, loads the shared clock, mounts every API and the
// operator API on one mux, and serves HTTP with graceful shutdown.
//
// It is the only package that knows every API; the API packages never know
// each other.
package server
