package store_test

import (
	"path/filepath"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"
)

func TestBoltBackend(t *testing.T) {
	storetest.RunSuite(t, func(t *testing.T) storetest.Place {
		path := filepath.Join(t.TempDir(), "barkeep.db")
		return storetest.Place{Open: func(t *testing.T, cocktails []data.Cocktail) *store.Store {
			t.Helper()
			s, err := store.Open(path, store.NewCatalog(cocktails))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		}}
	})
}
