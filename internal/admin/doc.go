// Package admin is the operator API under /admin: look up and create
// persons, organisations, accounts, employments and debts; reset the world;
// read and set the simulated clock; read the audit log. Every route is
// behind the operator bearer token (checked by the server, not here).
//
// Bad input gets a 4xx with a JSON body {"error", "field", "message"}
// naming the field and the reason; nothing is half-written, because every
// create is one store call in one transaction.
package admin
