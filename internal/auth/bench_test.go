package auth_test

import (
	"context"
	"testing"

	"github.com/namsfogd/namsfogd/internal/auth"
)

// BenchmarkVerifyRepeat measures validation of a token seen before (the
// cache path; target ≥ 50 000/s per core).
func BenchmarkVerifyRepeat(b *testing.B) {
	v := verifier(b, nil)
	tok := mint(b, claims())
	ctx := context.Background()
	if _, err := v.Verify(ctx, tok); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRepeatParallel is the cache path from all cores.
func BenchmarkVerifyRepeatParallel(b *testing.B) {
	v := verifier(b, nil)
	tok := mint(b, claims())
	ctx := context.Background()
	v.Verify(ctx, tok)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := v.Verify(ctx, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerifyCold measures a full verification (no cache): parse,
// RSA-2048 signature, claims.
func BenchmarkVerifyCold(b *testing.B) {
	v := verifier(b, func(c *auth.VerifierConfig) { c.CacheSize = -1 })
	tok := mint(b, claims())
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}
