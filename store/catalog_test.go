package store

import (
	"slices"
	"testing"

	"barkeep/data"
)

func fixtureCatalog(t testing.TB) *Catalog {
	t.Helper()
	cocktails, err := data.LoadFile("../data/testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	return NewCatalog(cocktails)
}

func ids(cocktails []data.Cocktail) []string {
	out := make([]string, len(cocktails))
	for i, c := range cocktails {
		out[i] = c.ID
	}
	return out
}

func TestSearchByIngredient(t *testing.T) {
	catalog := fixtureCatalog(t)
	tests := []struct {
		name    string
		query   string
		want    []string
		unknown []string
	}{
		{"two ingredients must both be in the cocktail", "gin, campari", []string{"negroni"}, nil},
		{"one ingredient finds every cocktail with it", "campari", []string{"americano", "negroni"}, nil},
		{"a word matches by prefix inside a longer name", "vermouth", []string{"americano", "dry-martini", "negroni"}, nil},
		{"lime matches lime juice", "lime", []string{"daiquiri", "margarita", "mojito"}, nil},
		{"a partial word matches", "camp", []string{"americano", "negroni"}, nil},
		{"a whole word matches wherever it stands", "sugar", []string{"mojito", "old-fashioned"}, nil},
		{"case is ignored", "GIN, Campari", []string{"negroni"}, nil},
		{"accents are ignored", "creme de cassis", []string{"kir"}, nil},
		{"accents typed match too", "crème", []string{"kir"}, nil},
		{"several words each match a word", "sweet verm", []string{"americano", "negroni"}, nil},
		{"words must all match one ingredient", "sweet dry", nil, []string{"sweet dry"}},
		{"extra commas and spaces are ignored", " , gin ,, campari , ", []string{"negroni"}, nil},
		{"an unknown ingredient is named", "gin, unicorn tears", nil, []string{"unicorn tears"}},
		{"known ingredients with no cocktail in common", "tequila, campari", nil, nil},
		{"the middle of a word does not match", "ampari", nil, []string{"ampari"}},
		{"an empty query finds nothing", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catalog.Search(tt.query)
			if !slices.Equal(ids(got.Cocktails()), tt.want) && !(len(got.Cocktails()) == 0 && len(tt.want) == 0) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, ids(got.Cocktails()), tt.want)
			}
			if !slices.Equal(got.Unknown, tt.unknown) {
				t.Errorf("Search(%q) unknown = %q, want %q", tt.query, got.Unknown, tt.unknown)
			}
		})
	}
}

func TestSearchFindsNegroniInTheEmbeddedCatalog(t *testing.T) {
	cocktails, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	result := NewCatalog(cocktails).Search("gin, campari")
	if !slices.Contains(ids(result.Cocktails()), "negroni") {
		t.Errorf("gin, campari found %v, without negroni", ids(result.Cocktails()))
	}
}

func TestAWholeWordIsPreferredToLongerWordsItStarts(t *testing.T) {
	cocktails, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	catalog := NewCatalog(cocktails)
	gin := ids(catalog.Search("gin").Cocktails())
	if slices.Contains(gin, "moscow-mule") || !slices.Contains(gin, "negroni") {
		t.Errorf("gin found %v: ginger beer is not gin", gin)
	}
	if ginger := ids(catalog.Search("ginger").Cocktails()); !slices.Contains(ginger, "moscow-mule") {
		t.Errorf("ginger found %v, without the moscow mule", ginger)
	}
	if ginge := ids(catalog.Search("ginge").Cocktails()); !slices.Contains(ginge, "moscow-mule") || slices.Contains(ginge, "negroni") {
		t.Errorf("ginge found %v", ginge)
	}
	if completions := catalog.Complete("gin"); !slices.Contains(completions, "ginger beer") {
		t.Errorf("completing gin offers %v, without ginger beer", completions)
	}
}

func TestCompleteOffersIngredientsMostUsedFirst(t *testing.T) {
	catalog := fixtureCatalog(t)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"one name starts with the term", "camp", []string{"campari"}},
		{"only the last term is completed", "gin, camp", []string{"campari"}},
		{"a kind comes first when it is the most used", "verm", []string{"vermouth", "sweet vermouth", "dry vermouth"}},
		{
			"names with the word come before names whose other spellings have it, each most used first",
			"s",
			[]string{"soda water", "sugar", "sweet vermouth", "sugar cube", "salt", "simple syrup", "triple sec", "white rum", "mint leaves", "water"},
		},
		{"accents are ignored", "creme", []string{"crème de cassis"}},
		{"a spelling completes to the ingredient's name", "club", []string{"soda water"}},
		{"a spelling typed whole completes to its ingredient first", "whisky", []string{"whiskey", "bourbon whiskey"}},
		{"an empty last term offers nothing", "gin, ", nil},
		{"a typo completes to nothing", "campri", nil},
		{"nothing near offers nothing", "zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.Complete(tt.query); !slices.Equal(got, tt.want) {
				t.Errorf("Complete(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestCatalogIsAlphabeticalAndFiltersByName(t *testing.T) {
	catalog := fixtureCatalog(t)
	all := ids(catalog.All())
	want := []string{"americano", "daiquiri", "dry-martini", "kir", "margarita", "mojito", "negroni", "old-fashioned"}
	if !slices.Equal(all, want) {
		t.Errorf("All() = %v, want %v", all, want)
	}
	if got := ids(catalog.FilterByName("MAR")); !slices.Equal(got, []string{"dry-martini", "margarita"}) {
		t.Errorf("FilterByName(MAR) = %v", got)
	}
	if got := catalog.FilterByName("  "); len(got) != catalog.Len() {
		t.Errorf("a blank filter kept %d of %d", len(got), catalog.Len())
	}
}

func TestRandomNeverRepeatsTheCocktailShown(t *testing.T) {
	catalog := fixtureCatalog(t)
	seen := map[string]bool{}
	for range 500 {
		c := catalog.Random("negroni")
		if c.ID == "negroni" {
			t.Fatal("Random returned the cocktail it was told to avoid")
		}
		seen[c.ID] = true
	}
	if len(seen) != catalog.Len()-1 {
		t.Errorf("500 draws reached %d of the %d other cocktails", len(seen), catalog.Len()-1)
	}
	one := NewCatalog(catalog.All()[:1])
	if got := one.Random(one.All()[0].ID); got.ID != one.All()[0].ID {
		t.Errorf("a one-cocktail catalog returned %q", got.ID)
	}
}

func TestRandomOfPicksFromTheListGiven(t *testing.T) {
	catalog := fixtureCatalog(t)
	pool := catalog.All()[2:5]
	for range 200 {
		c, ok := RandomOf(pool, pool[0].ID)
		if !ok || c.ID == pool[0].ID || !slices.Contains(ids(pool), c.ID) {
			t.Fatalf("RandomOf gave %q, %v", c.ID, ok)
		}
	}
	if _, ok := RandomOf(nil, ""); ok {
		t.Error("RandomOf of nothing gave a cocktail")
	}
	if c, ok := RandomOf(pool[:1], pool[0].ID); !ok || c.ID != pool[0].ID {
		t.Error("RandomOf of one cocktail must give it, even when it is shown")
	}
}
