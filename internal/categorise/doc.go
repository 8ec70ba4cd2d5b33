// Package categorise assigns every transaction of a statement one node of
// the statement analysis category tree (spec: statement-analysis.md §6):
// the two-level `no`/`uk` tree, a rule-and-dictionary categoriser that
// follows the normative assignment rules of §6.4, and confidence values by
// the bands of §6.6. The dictionary lives in an embedded data file
// (rules.txt), so tuning needs no code change.
//
// It is built to generalise beyond the labelled sets (§6.7): names of
// places, venues and generic words (avgift, gebyr, leie, shop) are weaker
// than any named seller; a word cut off at the end of a field completes to
// the one category every dictionary name it could start agrees on; the
// definite forms of kinds of places (KAFEEN, KIOSKEN) match; a dictionary
// word that is also a first name or surname yields to a person; and a bare
// card text is a shop, never a person. testdata/holdout-labelled.csv and
// testdata/households-labelled.csv, written apart from the development
// set, hold it to that.
//
// It is pure: no HTTP, no storage, no clock, no randomness and no map
// iteration in decisions, so the same input always gives the same output.
// It must never assign a node whose type breaks the sign invariant
// (§6.4 rule 1), and it must never allocate per transaction on the hot path
// beyond what the caller's strings force.
package categorise
