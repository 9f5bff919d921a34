package store

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"barkeep/data"
)

// smallerCatalog is the fixture catalog without the cocktails named: what
// a server serving another --catalog offers over the same store file.
func smallerCatalog(t testing.TB, without ...string) *Catalog {
	t.Helper()
	all := fixtureCatalog(t).All()
	return NewCatalog(slices.DeleteFunc(slices.Clone(all), func(c data.Cocktail) bool {
		return slices.Contains(without, c.ID)
	}))
}

func reopen(t *testing.T, s *Store, catalog *Catalog) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened, err := Open(s.Path(), catalog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reopened.Close() })
	return reopened
}

// TestWhatAnotherCatalogLacksIsKeptShownAndRemovable serves a catalog that
// lacks what an account has in its bar and likes: the store keeps them,
// says which they are, lets them be removed, and has the rest back when
// the first catalog is served again.
func TestWhatAnotherCatalogLacksIsKeptShownAndRemovable(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "barkeep.db"), fixtureCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	first := s
	t.Cleanup(func() { _ = first.Close() }) // reopen closes it first, unless the test ends before
	a := signUp(t, s, "SHA256:a", "alice")
	for _, id := range []string{"kir", "americano", "negroni", "dry-martini"} {
		if _, err := s.SetLike(a.Fingerprint, id, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetInBar(a.Fingerprint, []string{"gin", "campari", "crème de cassis"}, true); err != nil {
		t.Fatal(err)
	}

	// Without the three cocktails, campari and crème de cassis are in no
	// cocktail of the catalog.
	s = reopen(t, s, smallerCatalog(t, "negroni", "americano", "kir"))
	if got, want := s.Bar(a.Fingerprint), []string{"campari", "crème de cassis", "gin"}; !slices.Equal(got, want) {
		t.Fatalf("bar = %v, want %v: a bar keeps what the catalog lacks", got, want)
	}
	for ing, want := range map[string]bool{"gin": true, "campari": false, "crème de cassis": false} {
		if got := s.Catalog().HasIngredient(ing); got != want {
			t.Errorf("HasIngredient(%q) = %v, want %v", ing, got, want)
		}
	}
	if got := ids(s.Favourites(a.Fingerprint)); !slices.Equal(got, []string{"dry-martini"}) {
		t.Errorf("favourites = %v, want only the cocktail still on the menu", got)
	}
	if got, want := s.LikedOffMenu(a.Fingerprint), []string{"negroni", "americano", "kir"}; !slices.Equal(got, want) {
		t.Errorf("liked off the menu = %v, want %v, newest like first", got, want)
	}
	if got := s.Likes("negroni"); got != 1 {
		t.Errorf("negroni has %d likes, want its 1 kept", got)
	}

	if name, ok := s.InBar(a.Fingerprint, "CREME de  Cassis"); name != "crème de cassis" || !ok {
		t.Errorf("InBar(CREME de Cassis) = %q, %v", name, ok)
	}
	if name, ok := s.InBar(a.Fingerprint, "vermouth"); ok {
		t.Errorf("InBar(vermouth) = %q: only a whole name is found", name)
	}
	if err := s.SetInBar(a.Fingerprint, []string{"campari"}, false); err != nil {
		t.Fatalf("removing an ingredient the catalog lacks: %v", err)
	}
	if err := s.SetInBar(a.Fingerprint, []string{"campari"}, true); !errors.Is(err, ErrUnknownIngredient) {
		t.Errorf("adding one the catalog lacks: %v, want ErrUnknownIngredient", err)
	}
	if count, err := s.SetLike(a.Fingerprint, "negroni", false); err != nil || count != 0 {
		t.Fatalf("unliking a cocktail off the menu: %d, %v", count, err)
	}
	if _, err := s.SetLike(a.Fingerprint, "negroni", true); !errors.Is(err, ErrUnknownCocktail) {
		t.Errorf("liking a cocktail off the menu: %v, want ErrUnknownCocktail", err)
	}
	if _, err := s.SetLike(a.Fingerprint, "negroni", false); !errors.Is(err, ErrUnknownCocktail) {
		t.Errorf("unliking, again, a cocktail off the menu: %v, want ErrUnknownCocktail", err)
	}

	s = reopen(t, s, fixtureCatalog(t))
	if got, want := s.Bar(a.Fingerprint), []string{"crème de cassis", "gin"}; !slices.Equal(got, want) {
		t.Errorf("bar with the first catalog again = %v, want %v", got, want)
	}
	if got, want := ids(s.Favourites(a.Fingerprint)), []string{"dry-martini", "americano", "kir"}; !slices.Equal(got, want) {
		t.Errorf("favourites with the first catalog again = %v, want %v", got, want)
	}
	if got := s.LikedOffMenu(a.Fingerprint); len(got) != 0 {
		t.Errorf("liked off the menu with the first catalog again = %v", got)
	}
}
