// Package gjeld serves Norsk Gjeldsinformasjon's consent and debt API
// under one base path: the authorization server (discovery, JWKS, the
// authorization code flow with a simulated ID-porten/BankID login and
// consent page, the token endpoint with client credentials), the resource
// API (Agreement API, Debt API, consent feed) and the person's "Min
// Gjeld" portal, over the synthetic world's unsecured debt.
//
// spec: gjeldsinformasjon.md. Each API family renders its own errors:
// RFC 6749 JSON at the token endpoint, SpringErrorSchema for the Agreement
// and Feed APIs, the Debt API's {error, error_description, timestamp,
// trace_id}, and redirects back to the client from /oauth2/auth.
//
// It must never disclose debt without an active consent, never answer a
// debt call without recording the use and the audit record durably first,
// never import another API's package, and never read the wall clock: all
// time comes from the world clock.
package gjeld
