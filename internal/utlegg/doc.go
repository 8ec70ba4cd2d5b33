// Package utlegg serves Skatteetaten's Utleggsbegjæring API v1
// (information model 0.9) under /skatt/api/utleggsbegjaering/v1, and the
// namsmann that processes the cases (spec: utleggsbegjaering.md).
//
// A debt-collection system submits, validates and changes begjæringer
// in JSON or XML, uploads attachments, reads its cases, their status and
// the message feed, with a Maskinporten token for its own organisation or
// as a systembruker for a customer. Validation runs in two layers:
// formats and required fields (400, schema.go), then every enforced
// vilkår at once (422, vilkaar*.go) with the published names and texts
// of valideringsregler.json. Duplicates are refused by a database
// constraint (§9). The namsmann moves cases through the state machine by
// operator command (RegisterAdmin) or by itself (Run, durable jobs), and
// decides utleggstrekk, utleggspant or intet til utlegg from the debtor's
// employment and bank accounts in the world; an utleggstrekk is handed to
// Config.OnUtleggstrekk.
//
// It must never import another API package, never call time.Now() in
// its logic (Config.Clock is the only "now"), never answer bad input with
// a 500, and never acknowledge a submission before it is committed.
package utlegg
