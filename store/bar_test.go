package store

import (
	"errors"
	"slices"
	"testing"
)

func TestMakeableListsReadyCocktailsThenOneAway(t *testing.T) {
	catalog := fixtureCatalog(t)
	tests := []struct {
		name      string
		bar       []string
		ready     []string
		oneAway   map[string]string // cocktail id -> missing ingredient
		notListed []string
	}{
		{
			name:    "an empty bar is one away from a cocktail whose only other ingredients are always at hand",
			bar:     nil,
			ready:   nil,
			oneAway: map[string]string{},
		},
		{
			name:    "gin and both vermouths make a martini and put negroni one campari away",
			bar:     []string{"gin", "dry vermouth", "sweet vermouth"},
			ready:   []string{"dry-martini"},
			oneAway: map[string]string{"negroni": "campari"},
		},
		{
			name:      "always-at-hand ingredients are never missing",
			bar:       []string{"tequila", "triple sec", "lime juice"},
			ready:     []string{"margarita"},
			oneAway:   map[string]string{},
			notListed: []string{"mojito"},
		},
		{
			name:    "a full bar makes everything",
			bar:     catalog.Ingredients(),
			ready:   ids(catalog.All()),
			oneAway: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			have := append(slices.Clone(AlwaysAtHand), tt.bar...)
			var ready []string
			oneAway := map[string]string{}
			sawOneAway := false
			for _, m := range catalog.MakeableWith(have) {
				switch len(m.Missing) {
				case 0:
					if sawOneAway {
						t.Errorf("%s is ready but listed after a one-away cocktail", m.ID)
					}
					ready = append(ready, m.ID)
				case 1:
					sawOneAway = true
					oneAway[m.ID] = m.Missing[0]
				default:
					t.Errorf("%s listed with %d missing", m.ID, len(m.Missing))
				}
			}
			if !slices.Equal(ready, tt.ready) {
				t.Errorf("ready = %v, want %v", ready, tt.ready)
			}
			for id, missing := range tt.oneAway {
				if oneAway[id] != missing {
					t.Errorf("%s: missing %q, want %q", id, oneAway[id], missing)
				}
			}
			for _, id := range tt.notListed {
				if _, listed := oneAway[id]; listed || slices.Contains(ready, id) {
					t.Errorf("%s is listed, but needs two more ingredients", id)
				}
			}
		})
	}
}

func TestBarIsPersistedAndFeedsMakeable(t *testing.T) {
	s, path := newStore(t)
	a := signUp(t, s, "SHA256:a", "a")
	if err := s.SetInBar(a.Fingerprint, []string{"gin", "dry vermouth", "gin"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInBar(a.Fingerprint, []string{"campari", "sweet vermouth"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInBar(a.Fingerprint, []string{"campari", "tequila"}, false); err != nil {
		t.Fatal(err)
	}
	want := []string{"dry vermouth", "gin", "sweet vermouth"}
	if got := s.Bar(a.Fingerprint); !slices.Equal(got, want) {
		t.Fatalf("bar = %v, want %v", got, want)
	}
	if _, err := s.SetLike(a.Fingerprint, "dry-martini", true); err != nil {
		t.Fatal(err)
	}
	makeable := s.Makeable(a.Fingerprint)
	if len(makeable) == 0 || makeable[0].ID != "dry-martini" || makeable[0].Likes != 1 {
		t.Errorf("makeable starts with %+v, want the dry martini with its like", makeable[:min(1, len(makeable))])
	}
	s.Close()
	reopened := openStore(t, path)
	defer reopened.Close()
	if got := reopened.Bar(a.Fingerprint); !slices.Equal(got, want) {
		t.Errorf("bar after reopening = %v, want %v", got, want)
	}
}

func TestBarRefusesNamesOutsideTheCatalog(t *testing.T) {
	s, _ := newStore(t)
	a := signUp(t, s, "SHA256:a", "a")
	if err := s.SetInBar(a.Fingerprint, []string{"gin", "unicorn tears"}, true); !errors.Is(err, ErrUnknownIngredient) {
		t.Errorf("err = %v, want ErrUnknownIngredient", err)
	}
	if got := s.Bar(a.Fingerprint); len(got) != 0 {
		t.Errorf("a refused change left %v in the bar", got)
	}
}

func TestTopRanksByLikesThenName(t *testing.T) {
	s, _ := newStore(t)
	for _, who := range []string{"a", "b", "c"} {
		signUp(t, s, who, who)
	}
	likes := map[string][]string{"a": {"negroni", "kir", "mojito"}, "b": {"negroni", "mojito"}, "c": {"negroni", "daiquiri"}}
	for who, cocktails := range likes {
		for _, id := range cocktails {
			if _, err := s.SetLike(who, id, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []string
	for _, l := range s.Top(0) {
		got = append(got, l.ID+":"+string(rune('0'+l.Likes)))
	}
	if want := []string{"negroni:3", "mojito:2", "daiquiri:1", "kir:1"}; !slices.Equal(got, want) {
		t.Errorf("top = %v, want %v", got, want)
	}
	if top := s.Top(2); len(top) != 2 || top[1].ID != "mojito" {
		t.Errorf("top 2 = %v", top)
	}
}

func TestResolveIngredientAndFindCocktail(t *testing.T) {
	catalog := fixtureCatalog(t)
	resolves := []struct {
		term, want string
		matches    []string
	}{
		{"gin", "gin", nil},
		{"GIN", "gin", nil},
		{"camp", "campari", nil},
		{"creme de cassis", "crème de cassis", nil},
		{"sugar", "sugar", nil},
		{"vermouth", "vermouth", nil},
		{"Limes", "lime", nil},
		{"dry", "", []string{"dry vermouth", "dry white wine", "london dry gin"}},
		{"unicorn", "", nil},
	}
	for _, r := range resolves {
		name, matches := catalog.ResolveIngredient(r.term)
		if name != r.want || !slices.Equal(matches, r.matches) {
			t.Errorf("ResolveIngredient(%q) = %q, %v; want %q, %v", r.term, name, matches, r.want, r.matches)
		}
	}
	for query, want := range map[string]string{"negroni": "negroni", "Dry Martini": "dry-martini", "dry  MARTINI": "dry-martini", "old-fashioned": "old-fashioned"} {
		if c, ok := catalog.Find(query); !ok || c.ID != want {
			t.Errorf("Find(%q) = %q, %v; want %q", query, c.ID, ok, want)
		}
	}
	if _, ok := catalog.Find("tea"); ok {
		t.Error("Find(tea) found something")
	}
}
