// Package storetest opens stores for the tests of the packages above the
// store: a fresh file in the test's temporary directory, over the project's
// small fixture catalog or a catalog of the test's own. RunSuite is the
// suite every store backend passes.
package storetest

import (
	"path/filepath"
	"runtime"
	"testing"

	"barkeep/data"
	"barkeep/store"
)

// FixtureCatalog loads data/testdata/catalog.json, found from this file so
// that any package's tests can use it.
func FixtureCatalog(t testing.TB) []data.Cocktail {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	cocktails, err := data.LoadFile(filepath.Join(filepath.Dir(here), "..", "..", "data", "testdata", "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	return cocktails
}

// Open opens a new store over cocktails, closed when the test ends.
func Open(t testing.TB, cocktails []data.Cocktail) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "barkeep.db"), store.NewCatalog(cocktails))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
