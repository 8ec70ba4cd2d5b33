// Package registry holds the records of the Maskinporten-compatible token
// service — clients and their keys, scopes, scope access, Altinn-style
// delegations, systems and system users (systembruker), the issuer's own
// signing keys, the test CA and the jti replay store — and the storage
// interfaces the token service needs (spec: maskinporten.md §2.5, §5, §6).
//
// It is a domain package: it must never import net/http or any API
// package. Storage backends (internal/store/sqlstore) implement Storage;
// every backend runs the same conformance suite
// (internal/store/storetest.RunMaskinporten).
package registry
