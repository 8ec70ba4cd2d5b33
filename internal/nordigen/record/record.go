// Package record holds the storage shapes of the statement analysis API
// (spec: statement-analysis.md §4), shared by the API package and its
// storage implementation. It must never import the API or a backend.
package record

import "time"

// Record is a processing record. The byte fields are the API package's
// JSON; storage treats them as opaque.
type Record struct {
	RequestID  string
	ClientID   string
	Status     string
	Available  string // comma-separated operations
	Meta       []byte // upload meta (files)
	Statement  []byte // the normalised upload
	Request    []byte // the accepted PUT body
	Result     []byte // attributes of the finished record
	Webhook    []byte // webhook delivery state
	CreatedAt  time.Time
	QueuedAt   time.Time
	FinishedAt time.Time
}
