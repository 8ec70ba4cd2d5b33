package auth

import (
	"sync"
	"time"
)

// tokenCache holds verified callers by the SHA-256 of their token. An
// entry is served only inside [notBefore, exp): never past the token's
// exp, whatever the skew, and never before the token became acceptable
// (the operator may move the clock backwards).
type tokenCache struct {
	shards   [16]cacheShard
	perShard int
}

type cacheShard struct {
	mu sync.RWMutex
	m  map[[32]byte]cacheEntry
}

type cacheEntry struct {
	c         Caller
	notBefore time.Time
}

func newTokenCache(size int) *tokenCache {
	tc := &tokenCache{perShard: max(1, size/16)}
	for i := range tc.shards {
		tc.shards[i].m = make(map[[32]byte]cacheEntry)
	}
	return tc
}

func (tc *tokenCache) get(key [32]byte, now time.Time) (Caller, bool) {
	s := &tc.shards[key[0]&15]
	s.mu.RLock()
	e, ok := s.m[key]
	s.mu.RUnlock()
	if !ok || !now.Before(e.c.Expiry) || now.Before(e.notBefore) {
		return Caller{}, false
	}
	return e.c, true
}

func (tc *tokenCache) put(key [32]byte, c Caller, notBefore, now time.Time) {
	s := &tc.shards[key[0]&15]
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= tc.perShard {
		s.evict(now, tc.perShard)
	}
	s.m[key] = cacheEntry{c: c, notBefore: notBefore}
}

// evict drops expired entries, and if the shard is still full, an
// arbitrary quarter of it (a miss only costs one verification).
func (s *cacheShard) evict(now time.Time, limit int) {
	for k, e := range s.m {
		if !now.Before(e.c.Expiry) {
			delete(s.m, k)
		}
	}
	if len(s.m) < limit {
		return
	}
	n := len(s.m) / 4
	for k := range s.m {
		if n <= 0 {
			break
		}
		delete(s.m, k)
		n--
	}
}
