// Package console is the operator's web console at /console/: sign in
// with the operator token, see the services, the world and the clock,
// find persons and organisations, create test data, manage API clients,
// move utleggsbegjæring cases through the namsmann's steps, read an
// employer's trekkpålegg and the audit log.
//
// The console is a client of the operator API, not a second
// implementation of it: every read and every change is a request to the
// /admin routes, made in-process on the server's own handler with the operator token. So the
// console shows exactly what the API answers, with the API's validation
// and error messages, and can never do what the API refuses.
//
// Why server-rendered and not a JavaScript client calling /admin with
// the token: the operator token stays on the server (the browser holds
// only an HttpOnly, SameSite=Strict session cookie signed with a key
// derived from the token), pages need no JavaScript at all (the
// Content-Security-Policy allows no script), html/template escapes every
// value for its context, and it works in any browser and in curl.
//
// Invariants:
//   - the operator token never appears in a URL, a cookie or a page; it
//     is typed into a POST form once and compared in constant time;
//   - every state change is a POST carrying the session's CSRF token and
//     passing http.CrossOriginProtection; GETs change nothing in the world;
//   - secrets the API returns once (a generated private key, a minted
//     access token) are rendered in the POST's own answer, never stored or
//     redirected;
//   - every answer carries a Content-Security-Policy without script,
//     frame-ancestors 'none', nosniff and, for pages, Cache-Control no-store;
//   - sessions expire by the wall clock, not by the simulated world clock,
//     so freezing or advancing the world never signs the operator out.
package console
