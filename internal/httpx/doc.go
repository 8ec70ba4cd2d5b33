// Package httpx is the HTTP plumbing every namsfogd API shares: the
// correlation id of a request, request logging and metrics, panic
// recovery, and strict JSON decoding with a size limit. It knows no API's
// vocabulary; each API renders its own errors.
package httpx
