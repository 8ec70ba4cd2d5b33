// Package auth is the resource-server side of Maskinporten: it verifies
// access tokens presented as "Authorization: Bearer" and tells a handler
// which organisation the caller acts for (spec: maskinporten.md §7).
//
// A Verifier checks, in the order of §7 and with all 401 checks before any
// 403 check: the bearer header, the JWS algorithm (RS256 by default; none
// and HMAC are refused before key lookup), the key by kid from a
// KeySource (in-process keys of namsfogd's own issuer, or a remote JWKS
// refreshed on an unknown kid), the signature, the issuer (exactly), the
// times with a skew, the required claims, the audience where configured,
// and the consumer's shape; then the scope (a whole element of the
// space-separated list) and, where configured, pid.
//
// Verified tokens are cached by the SHA-256 of the token until their exp
// and never past it.
//
// The package never writes a response body itself except through
// DefaultRenderer; every API renders auth errors in its own vocabulary
// (KB-xxx, ACC-xxx, ...) from an *Error. It must never import an API
// package and never log a token.
package auth
