// Package model holds the records of Norsk Gjeldsinformasjon (clients,
// consents, their uses, feed events, authorization codes, access tokens)
// and the narrow storage interface the API needs. It knows no HTTP.
//
// It must never import net/http or another API's package; storage
// backends implement Storage without knowing the API's rules.
package model
