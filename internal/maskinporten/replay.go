package maskinporten

import (
	"context"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
)

// replayBatcher records used grant identifiers with group commit: while
// one transaction is being written, the requests that arrive wait and go
// into the next one together, so concurrent token requests share one
// durable write (one fsync on SQLite) instead of queueing for one each.
// Each request still gets its own answer, and none is answered before its
// jti is committed (spec: maskinporten.md §2.4 step 9).
type replayBatcher struct {
	store registry.ReplayStore
	clock interface{ Now() time.Time }

	mu       sync.Mutex
	pending  []*jtiRequest
	flushing bool
}

type jtiRequest struct {
	use  registry.JTIUse
	done chan error
}

// maxBatch bounds one transaction.
const maxBatch = 256

// use records one grant identifier; it returns a wrapped
// store.ErrConflict when it was used before.
func (b *replayBatcher) use(ctx context.Context, u registry.JTIUse) error {
	r := &jtiRequest{use: u, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, r)
	if !b.flushing {
		b.flushing = true
		b.flushOnce()
		if len(b.pending) > 0 {
			// Hand the rest to a drainer so this request is not held
			// hostage by other requests' batches.
			go b.drain()
		} else {
			b.flushing = false
		}
	}
	b.mu.Unlock()
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *replayBatcher) drain() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.pending) > 0 {
		b.flushOnce()
	}
	b.flushing = false
}

// flushOnce writes up to maxBatch pending requests; b.mu is held on entry
// and exit but not during the write.
func (b *replayBatcher) flushOnce() {
	n := min(len(b.pending), maxBatch)
	batch := b.pending[:n:n]
	b.pending = b.pending[n:]
	b.mu.Unlock()
	uses := make([]registry.JTIUse, len(batch))
	for i, r := range batch {
		uses[i] = r.use
	}
	// The write serves many requests: it must not die with the first
	// one's context.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	errs, err := b.store.MPUseJTIs(ctx, uses, b.clock.Now())
	cancel()
	for i, r := range batch {
		if err != nil {
			r.done <- err
		} else {
			r.done <- errs[i]
		}
	}
	b.mu.Lock()
}
