package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"barkeep/store"
)

// BenchmarkLikes measures durable likes with 1, 8 and 64 concurrent
// writers on stores that open makes, one per writer count: every SetLike
// returns once its write is durable, as in production, and concurrent
// writers share commits. Each writer is its own account and toggles its
// like on cocktail after cocktail, so every call writes.
func BenchmarkLikes(b *testing.B, open func(b *testing.B) *store.Store) {
	for _, writers := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("writers-%d", writers), func(b *testing.B) {
			s := open(b)
			accounts := make([]string, writers)
			for i := range accounts {
				accounts[i] = fmt.Sprintf("SHA256:writer-%d", i)
				if _, _, err := s.SignUp(accounts[i], "writer"); err != nil {
					b.Fatal(err)
				}
			}
			all := s.Catalog().All()
			var next atomic.Int64
			var failed atomic.Value
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w, fingerprint := range accounts {
				wg.Go(func() {
					for i := w; next.Add(1) <= int64(b.N); i++ {
						id := all[i%len(all)].ID
						if _, err := s.SetLike(fingerprint, id, !s.Liked(fingerprint, id)); err != nil {
							failed.Store(err)
							return
						}
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "likes/s")
		})
	}
}
