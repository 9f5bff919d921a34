package tui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"
)

// storeOverTwoCatalogs is a store whose member "alice" liked negroni and
// dry martini and stocked campari and gin under the fixture catalog, now
// served with a catalog without the negroni and the americano, and so
// without campari.
func storeOverTwoCatalogs(t *testing.T) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "barkeep.db")
	all := storetest.FixtureCatalog(t)
	first, err := store.Open(path, store.NewCatalog(all))
	if err != nil {
		t.Fatal(err)
	}
	me, _, err := first.SignUp("SHA256:alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"negroni", "dry-martini"} {
		if _, err := first.SetLike(me.Fingerprint, id, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.SetInBar(me.Fingerprint, []string{"campari", "gin"}, true); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	smaller := slices.DeleteFunc(slices.Clone(all), func(c data.Cocktail) bool {
		return c.ID == "negroni" || c.ID == "americano"
	})
	s, err := store.Open(path, store.NewCatalog(smaller))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestTheBarMarksAndRemovesWhatTheCatalogLacks(t *testing.T) {
	s := newSession(t, storeOverTwoCatalogs(t), "alice", 80, 24)
	s.press("b")
	s.wantScreen("My bar", "2 ingredients", "campari  not in this catalog")
	if !slices.ContainsFunc(strings.Split(s.screen(), "\n"), func(line string) bool { return strings.TrimSpace(line) == "gin" }) {
		t.Errorf("no row shows gin unmarked:\n%s", s.screen())
	}
	s.save("x")
	s.wantScreen("Took campari out of your bar", "My bar", "1 ingredient")
	s.dontWantScreen("not in this catalog")
	if got := s.store.Bar(s.me.Fingerprint); !slices.Equal(got, []string{"gin"}) {
		t.Errorf("bar in the store = %v", got)
	}
}

func TestFavouritesMarkAndUnlikeWhatIsOffTheMenu(t *testing.T) {
	s := newSession(t, storeOverTwoCatalogs(t), "alice", 80, 24)
	s.press("f")
	s.wantScreen("My favourites", "2 cocktails", "Dry Martini", "not on the menu now")
	if row := s.row("negroni"); strings.Join(strings.Fields(row), " ") != "negroni ♥ 1 not on the menu now" {
		t.Errorf("negroni's row is %q", row)
	}
	for range 5 { // random picks only from what is on the menu
		s.press("r")
		if s.card() != "dry-martini" {
			t.Fatalf("random from favourites opened %q:\n%s", s.card(), s.screen())
		}
		s.press("esc")
	}
	s.press("j", "enter")
	s.wantScreen("negroni is not on the menu now: l unlikes it.", "My favourites")
	s.press("l")
	s.wantScreen("Unliked negroni", "1 cocktail", "Dry Martini")
	s.dontWantScreen("not on the menu now")
	if s.store.Liked(s.me.Fingerprint, "negroni") || len(s.store.LikedOffMenu(s.me.Fingerprint)) != 0 {
		t.Error("the unlike is not in the store")
	}
}
