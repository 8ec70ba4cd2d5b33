// Package nordigen serves the account statement analysis API in the style
// of the Nordigen (GoCardless) "Categorisation and Insights" v2 report API
// (spec: statement-analysis.md): its JSON client-credentials token
// endpoint, upload, process, result polling, available models, category
// tree and webhook settings, with the spec's envelopes, statuses and error
// codes. Processing runs as durable jobs (store.ClaimJob), so any process
// sharing the database may run it and a restart loses nothing. A worker
// of the process that took the upload gets its statements in memory
// (handoff.go) instead of reading the stored copy back; large results
// are stored deflated and sent as they are to clients that accept gzip
// (resultblob.go).
//
// Operator route (RegisterAdmin): POST /admin/nordigen/export generates a
// world person's statement (salary from the employer, rent or mortgage,
// utilities, groceries at Norwegian chains, Vipps, savings, debt
// payments) deterministically from the world's accounts, employments and
// debts, in any accepted format, so the lifecycle demo can analyse a real
// world person. Every upload, every read of finished results and every
// export is written to the audit log.
//
// It must never return a secret, read a request body before the bearer
// token is checked, read an oversized upload into memory, answer a 2xx
// before the record is durable, or let a malformed file or a worker panic
// take the process down.
package nordigen
