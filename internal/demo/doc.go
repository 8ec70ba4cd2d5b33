// Package demo tells the debt lifecycle of DESIGN.md "One world" against a
// running namsfogd, over HTTP only, the way integrators' systems would tell
// it: a lender reads a person's debt (Norsk Gjeldsinformasjon) and bank
// statement (statement analysis); the person defaults and a collector
// submits an utleggsbegjæring; the namsmann takes the case, looks up the
// debtor's accounts through DSOP Kontroll and decides utleggstrekk; the
// employer's payroll system polls its trekkpålegg; the audit log shows every
// disclosure.
//
// Every token comes from the real token endpoints: the demo generates its
// own RSA key, registers Maskinporten clients with the public half through
// the operator API and signs JWT-bearer grants itself; Norsk
// Gjeldsinformasjon and statement analysis use their own client-credentials
// endpoints with the seeded demo clients. The operator API is used only for
// what an integrator would get from the outside world: the clock, the
// synthetic people and organisations, the bank statement file, client
// registration and the namsmann's moves.
//
// The package imports no API package: it speaks HTTP, JSON and the
// documented headers, nothing else. It must never write to the world beyond
// what the story does (one consent, one statement record, one case, its
// trekkpålegg, audit records) and it deletes the Maskinporten clients it
// registered.
package demo
