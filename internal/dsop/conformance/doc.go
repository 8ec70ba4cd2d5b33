// Package conformance is the DSOP Kontroll conformance kit: the checks of
// spec: dsop-kontroll.md §11 as code that runs against any bank's DSOP
// Control API (and optionally the customer-relationships overview) over
// HTTP, with tokens from a configurable issuer. namsfogd's own tests run
// the same checks against namsfogd; banks run them with
// `namsfogd conformance dsop --target BASE_URL`.
//
// A check that needs something the environment cannot give (a key to
// forge tokens, namsfogd's reference world, the production profile)
// reports "skip" with the reason; it never passes silently. The kit must
// never print an access token.
package conformance
