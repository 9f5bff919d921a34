package pgstore

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"barkeep/data"
	"barkeep/internal/pgtest"
)

// BenchmarkLikes measures durable likes on PostgreSQL: every SetLike
// returns once its transaction is committed (synchronous_commit as the
// server has it) and its notification has come back, as in production.
// Each writer is its own account and toggles its like on cocktail after
// cocktail, so every call writes; concurrent writers share commits.
func BenchmarkLikes(b *testing.B) {
	cocktails, err := data.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for _, writers := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("writers-%d", writers), func(b *testing.B) {
			s := openStore(b, openBackend(b, pgtest.NewDatabase(b), Options{}), cocktails)
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
