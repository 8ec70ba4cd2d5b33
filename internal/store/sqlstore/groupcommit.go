package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// groupCommitter makes SQLite writes cheap under concurrency without
// giving up durability. SQLite has one writer, and with synchronous=FULL
// every commit costs an fsync; committing each request's transaction on
// its own caps a server at a few hundred writes per second. The committer
// instead takes every write that is waiting, runs each in its own
// SAVEPOINT inside one transaction, and commits them with one fsync.
//
// Invariants:
//   - a caller's fn runs exactly once, and its writes commit or roll back
//     as a whole: a failing fn is rolled back to its savepoint without
//     touching the others in the batch;
//   - a caller is answered only after the COMMIT that holds its writes has
//     returned, so a nil error still means "durable";
//   - if the COMMIT fails, every caller in the batch gets the error and
//     nothing of the batch is written.
//
// fn runs on the committer's goroutine and must not call db.tx itself.
type groupCommitter struct {
	db   *sql.DB
	reqs chan *txReq
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
	// mu orders sends against close: no request is queued after the loop
	// has drained the queue for the last time.
	mu     sync.RWMutex
	closed bool
}

type txReq struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error
}

// maxBatch bounds the writes committed together.
const maxBatch = 256

func newGroupCommitter(db *sql.DB) *groupCommitter {
	g := &groupCommitter{db: db, reqs: make(chan *txReq, 1024), quit: make(chan struct{})}
	g.wg.Add(1)
	go g.loop()
	return g
}

var errClosed = errors.New("sqlstore: database is closed")

// do runs fn in the next batch and waits for its commit.
func (g *groupCommitter) do(ctx context.Context, fn func(*sql.Tx) error) error {
	r := &txReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g.mu.RLock()
	if g.closed {
		g.mu.RUnlock()
		return errClosed
	}
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		g.mu.RUnlock()
		return ctx.Err()
	}
	g.mu.RUnlock()
	// Once queued the write will be decided; wait for the answer even if
	// ctx ends, so a caller never reports failure for a committed write.
	return <-r.done
}

func (g *groupCommitter) close() {
	g.once.Do(func() {
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
		close(g.quit)
	})
	g.wg.Wait()
}

func (g *groupCommitter) loop() {
	defer g.wg.Done()
	batch := make([]*txReq, 0, maxBatch)
	for {
		select {
		case r := <-g.reqs:
			batch = append(batch[:0], r)
		case <-g.quit:
			for {
				select {
				case r := <-g.reqs:
					r.done <- errClosed
				default:
					return
				}
			}
		}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-g.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		g.commit(batch)
	}
}

// commit runs one batch. A batch of one runs as a plain transaction.
func (g *groupCommitter) commit(batch []*txReq) {
	errs := make([]error, len(batch))
	tx, err := g.db.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- err
		}
		return
	}
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if len(batch) == 1 {
			errs[i] = run(r.fn, tx)
		} else {
			errs[i] = runSavepoint(r.fn, tx)
		}
		if errs[i] == nil {
			ok++
		}
	}
	if ok == 0 {
		tx.Rollback()
	} else if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
}

func runSavepoint(fn func(*sql.Tx) error, tx *sql.Tx) error {
	if _, err := tx.Exec(`SAVEPOINT w`); err != nil {
		return err
	}
	if err := run(fn, tx); err != nil {
		if _, rerr := tx.Exec(`ROLLBACK TO w`); rerr != nil {
			return errors.Join(err, rerr)
		}
		tx.Exec(`RELEASE w`)
		return err
	}
	_, err := tx.Exec(`RELEASE w`)
	return err
}

// run calls fn, turning a panic into an error so that one bad write
// cannot take the committer down.
func run(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("sqlstore: panic in write: %v", v)
		}
	}()
	return fn(tx)
}
