// Package rsakeys hands out fresh RSA keys, generated ahead of need on
// every core. A first start of namsfogd makes a dozen keys (issuers, test
// CA, seeded clients, consumer encryption keys); generating them one at a
// time costs seconds. It never hands out the same key twice.
package rsakeys
