// Package dsop serves DSOP Kontroll for FI-Utlegg Saldo (spec:
// dsop-kontroll.md): the customer-relationships overview
// (/dsop/kundeforhold/v2/customers/customerRelationships, step 1) over
// the whole synthetic world, and one DSOP Control API per synthetic bank
// (/dsop/bank/{orgnr}/v2/accounts and /accounts/{accountReference}, steps
// 2a and 2b), with the forbidden transactions, roles and cards endpoints
// answering 403 ACC-011.
//
// Every request is judged in the evaluation order of §7.3, so a request
// with several defects always gets the same single error code. Every
// request that reaches a bank or the overview leaves exactly one audit
// record (§9); a 200 is only sent once its audit record (and, for an
// account list, its issued references) is durable.
//
// The package must never disclose an account type FI-Utlegg may not see,
// an account's name, or any account of a shielded person; never answer a
// technical failure with "partial"; never put the access token in a log
// or an audit record; and never import another API package.
package dsop
