package store_test

import (
	"path/filepath"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"
)

// BenchmarkLikes measures durable likes on bbolt: every SetLike returns
// once its commit is fsynced; concurrent writers share commits through
// bbolt's Batch.
func BenchmarkLikes(b *testing.B) {
	cocktails, err := data.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	catalog := store.NewCatalog(cocktails)
	storetest.BenchmarkLikes(b, func(b *testing.B) *store.Store {
		s, err := store.Open(filepath.Join(b.TempDir(), "barkeep.db"), catalog)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = s.Close() })
		return s
	})
}
