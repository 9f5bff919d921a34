package pgstore

import (
	"testing"

	"barkeep/data"
	"barkeep/internal/pgtest"
	"barkeep/internal/storetest"
	"barkeep/store"
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
	storetest.BenchmarkLikes(b, func(b *testing.B) *store.Store {
		return openStore(b, openBackend(b, pgtest.NewDatabase(b), Options{}), cocktails)
	})
}
