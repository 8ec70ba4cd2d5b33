package rsakeys

import (
	"crypto/rand"
	"crypto/rsa"
	"runtime"
	"sync"
	"sync/atomic"
)

// keyPool generates RSA keys ahead of need, on every core, so that a first
// start (issuer key, test CA, one key per seeded client) does not spend
// seconds generating primes one key at a time. A key is handed out once.
type keyPool struct {
	once sync.Once
	ch   atomic.Pointer[chan *rsa.PrivateKey]
}

var rsaKeys keyPool

// Prewarm starts generating n RSA-2048 keys in the background, on
// every core; every API that makes keys takes them as it needs them. The server
// calls it before seeding the world, so the two overlap.
func Prewarm(n int) {
	rsaKeys.once.Do(func() {
		ch := make(chan *rsa.PrivateKey, n)
		rsaKeys.ch.Store(&ch)
		workers := max(1, runtime.GOMAXPROCS(0))
		var next sync.Mutex
		left := n
		for range workers {
			go func() {
				for {
					next.Lock()
					if left == 0 {
						next.Unlock()
						return
					}
					left--
					next.Unlock()
					k, err := rsa.GenerateKey(rand.Reader, 2048)
					if err != nil {
						return
					}
					ch <- k
				}
			}()
		}
	})
}

// New returns a fresh key of the given size: a pre-generated one
// when the pool has one ready, otherwise a newly generated one.
func New(bits int) (*rsa.PrivateKey, error) {
	if ch := rsaKeys.ch.Load(); bits == 2048 && ch != nil {
		select {
		case k := <-*ch:
			return k, nil
		default:
		}
	}
	return rsa.GenerateKey(rand.Reader, bits)
}
