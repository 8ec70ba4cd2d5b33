// Package statement reads uploaded bank statements in every input format of
// the statement analysis API (spec: statement-analysis.md §5) — GoCardless
// transactions JSON, the legacy Nordigen JSON, ISO 20022 camt.053, the
// generic CSV and the Norwegian bank CSV exports — detected by content, and
// normalises them into one internal shape (§5.4).
//
// It must never resolve external XML entities, never trust a filename or a
// Content-Type for detection, never panic on malformed input, and never use
// float64 for money: amounts are int64 minor units (hundredths).
package statement
