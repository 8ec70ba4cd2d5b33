// Package maskinporten is namsfogd's Maskinporten-compatible token
// service: the JWT-bearer token endpoint with Maskinporten's error
// vocabulary (MP-xxx), the access tokens it signs, the metadata and JWKS
// documents, the client registry with Altinn-style delegation and
// systembruker, the operator API that manages them, and the logic of the
// `namsfogd token` command (spec: maskinporten.md).
//
// A client built for Digdir's Maskinporten works against it by changing
// only the issuer URL, client id and key. Every assertion is verified —
// unlike test doubles that copy claims unverified (§10.2) — but the
// operator can register any key or test certificate for any synthetic
// organisation at once.
//
// Invariants: the handlers return protocol errors as values and one writer
// renders them (errors.go); bad input never yields a 500; the assertion
// and the issued token are never logged; a grant's jti is consumed only
// after the assertion authenticated (§2.4 step 9); all "now" comes from
// the world clock. The package imports no other API package; resource
// servers verify its tokens with internal/auth.
package maskinporten
