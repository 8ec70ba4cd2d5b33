// Package scoring implements the two built-in logistic credit scorecards of
// the statement analysis API (spec: statement-analysis.md §7): features
// from categorised booked transactions, transforms, weights, probability of
// default, score and risk band.
//
// It is pure and deterministic: no HTTP, no clock, no map iteration in
// results. Money is summed in int64 minor units; only the model arithmetic
// uses float64.
package scoring
