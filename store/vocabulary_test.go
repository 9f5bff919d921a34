package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"barkeep/data"
)

// ibaCatalog is 48 cocktails as the IBA specifies them, kept apart from
// the project's own catalog so that these tests check the vocabulary, not
// the names one catalog happens to use.
func ibaCatalog(t testing.TB) *Catalog {
	t.Helper()
	cocktails, err := data.LoadFile("../data/testdata/iba.json")
	if err != nil {
		t.Fatal(err)
	}
	return NewCatalog(cocktails)
}

// found renders a search's cocktails with what matched other than as
// typed: "sidecar (cognac)".
func found(r SearchResult) []string {
	var out []string
	for _, c := range r.Cocktails() {
		row := c.ID
		if matched := r.Matched(c); len(matched) > 0 {
			row += " (" + strings.Join(matched, ", ") + ")"
		}
		out = append(out, row)
	}
	return out
}

func TestSearchFindsWhatABartenderWould(t *testing.T) {
	catalog := ibaCatalog(t)
	whiskies := []string{
		"boulevardier (bourbon whiskey)", "irish-coffee (irish whiskey)", "manhattan (rye whiskey)",
		"old-fashioned (bourbon whiskey)", "penicillin (scotch whisky)", "rob-roy (scotch whisky)",
		"rusty-nail (scotch whisky)", "vieux-carre (rye whiskey)", "whiskey-sour (bourbon whiskey)",
	}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"whiskey finds every whiskey", "whiskey", whiskies},
		{"whisky finds the same", "whisky", whiskies},
		{"a kind's member finds drinks that call for it", "bourbon", []string{"boulevardier", "old-fashioned", "whiskey-sour"}},
		{"scotch finds the blended and the islay scotch", "scotch", []string{"penicillin", "rob-roy", "rusty-nail"}},
		{
			"cointreau finds every triple-sec drink, since it makes them", "cointreau",
			[]string{"between-the-sheets (triple sec)", "corpse-reviver-2", "cosmopolitan", "golden-dream (triple sec)", "margarita (triple sec)", "sidecar (triple sec)", "white-lady (triple sec)"},
		},
		{
			"orange liqueur finds triple sec, cointreau and the curaçaos", "orange liqueur",
			[]string{"between-the-sheets (triple sec)", "brandy-crusta (curaçao)", "corpse-reviver-2 (cointreau)", "cosmopolitan (cointreau)", "golden-dream (triple sec)", "mai-tai (orange curaçao)", "margarita (triple sec)", "sidecar (triple sec)", "white-lady (triple sec)"},
		},
		{
			"brandy finds cognac, applejack and pisco, not apricot brandy", "brandy",
			[]string{"alexander (cognac)", "between-the-sheets (cognac)", "brandy-crusta", "jack-rose (applejack)", "pisco-sour (pisco)", "sazerac (cognac)", "sidecar (cognac)", "stinger (cognac)", "vieux-carre (cognac)"},
		},
		{"coke is cola", "coke", []string{"cuba-libre"}},
		{"eggs finds egg whites", "eggs", []string{"pisco-sour (egg white)", "ramos-fizz (egg white)", "whiskey-sour (egg white)"}},
		{
			"limes find lime juice and limes", "limes",
			[]string{"caipirinha", "cosmopolitan (lime juice)", "cuba-libre (lime juice)", "daiquiri (lime juice)", "hemingway-special (lime juice)", "last-word (lime juice)", "mai-tai (lime juice)", "margarita (lime juice)", "mojito (lime juice)", "moscow-mule (lime juice)", "ramos-fizz (lime juice)", "tommys-margarita (lime juice)"},
		},
		{"champagne and prosecco are sparkling wines", "sparkling wine", []string{"bellini (prosecco)", "french-75 (champagne)", "mimosa (champagne)", "spritz (prosecco)"}},
		{
			"every rum is a rum, cachaça is not", "rum",
			[]string{"between-the-sheets (white rum)", "cuba-libre (white rum)", "daiquiri (white rum)", "dark-n-stormy (dark rum)", "hemingway-special (white rum)", "mai-tai (jamaican rum)", "mojito (white rum)", "pina-colada (white rum)"},
		},
		{"gin is neither ginger beer nor sloe gin", "gin", []string{"aviation", "bramble", "corpse-reviver-2", "french-75", "john-collins", "last-word", "negroni", "paradise", "ramos-fizz", "white-lady"}},
		{"beer is not ginger beer", "beer", nil},
		{"an orange liqueur is not orange juice", "orange liqueur, orange juice", []string{"golden-dream (triple sec)"}},
		{"apricot brandy is a liqueur", "liqueur, gin, orange juice", []string{"paradise (apricot brandy)"}},
		{"cream is not coconut cream", "cream", []string{"alexander", "golden-dream", "grasshopper", "irish-coffee", "ramos-fizz"}},
		{"a kind and a member together", "brandy, orange liqueur", []string{"between-the-sheets (cognac, triple sec)", "brandy-crusta (curaçao)", "sidecar (cognac, triple sec)"}},
		{"a word being typed matches by its start", "camp", []string{"boulevardier (campari)", "negroni (campari)"}},
		{"a term that names no ingredient is matched by its words", "sweet verm", []string{"boulevardier (sweet vermouth)", "manhattan (sweet vermouth)", "negroni (sweet vermouth)", "rob-roy (sweet vermouth)", "vieux-carre (sweet vermouth)"}},
		{"a word matches a member's drinks, not its kind's", "ginger", []string{"dark-n-stormy (ginger beer)", "moscow-mule (ginger beer)", "penicillin (fresh ginger)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catalog.Search(tt.query)
			if len(got.Unknown) > 0 {
				t.Fatalf("Search(%q) has unknown terms %q", tt.query, got.Unknown)
			}
			if rows := found(got); !slices.Equal(rows, tt.want) {
				t.Errorf("Search(%q) =\n  %q\nwant\n  %q", tt.query, rows, tt.want)
			}
			if got.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", got.Len(), len(tt.want))
			}
		})
	}
}

func TestATypoGetsTheNearestIngredients(t *testing.T) {
	catalog := ibaCatalog(t)
	tests := []struct {
		typed string
		want  []string
	}{
		{"campri", []string{"campari"}},
		{"vermuth", []string{"vermouth"}},
		{"tequlia", []string{"tequila"}},
		{"wisky", []string{"whiskey"}},
		{"cointraeu", []string{"cointreau"}},
		{"campr", []string{"campari"}}, // still being typed
		{"gon", []string{"gin"}},       // a neighbouring key
		{"sweet vermuoth", []string{"sweet vermouth"}},
		{"unicorn", nil},
		{"xq", nil}, // too short to guess
	}
	for _, tt := range tests {
		result := catalog.Search(tt.typed)
		if !slices.Equal(result.Unknown, []string{tt.typed}) {
			t.Errorf("Search(%q): unknown %q", tt.typed, result.Unknown)
			continue
		}
		if got := result.Suggestions[0]; !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q) suggests %q, want %q", tt.typed, got, tt.want)
		}
	}
	if got := catalog.Search("gin, campri").Suggestions; len(got) != 1 || !slices.Equal(got[0], []string{"campari"}) {
		t.Errorf("gin, campri suggests %q", got)
	}
}

// Every spelling of an entry, and its plural, finds what its name finds.
func TestEverySpellingOfAnIngredientFindsTheSameCocktails(t *testing.T) {
	v := data.MustEmbeddedVocabulary()
	for _, catalog := range []*Catalog{ibaCatalog(t), embeddedCatalogFor(t)} {
		for i := range v.Len() {
			e := v.Entry(i)
			want := ids(catalog.Search(e.Name).Cocktails())
			forms := append([]string{strings.ToUpper(e.Name), e.Name + "s"}, e.Spellings...)
			for _, form := range forms {
				if strings.Contains(form, ",") || strings.HasSuffix(e.Name, "s") && form == e.Name+"s" {
					continue // a comma separates terms; "bitterss" is no plural
				}
				if got := ids(catalog.Search(form).Cocktails()); !slices.Equal(got, want) {
					t.Errorf("%q finds %v, but %q finds %v", form, got, e.Name, want)
				}
			}
		}
	}
}

func embeddedCatalogFor(t testing.TB) *Catalog {
	t.Helper()
	cocktails, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return NewCatalog(cocktails)
}

// The examples, over the project's own catalog too.
func TestTheEmbeddedCatalogNoLongerSplitsItsIngredients(t *testing.T) {
	catalog := embeddedCatalogFor(t)
	whiskey, whisky := ids(catalog.Search("whiskey").Cocktails()), ids(catalog.Search("whisky").Cocktails())
	if !slices.Equal(whiskey, whisky) {
		t.Errorf("whiskey finds %v, whisky %v", whiskey, whisky)
	}
	for _, want := range []string{"manhattan", "whiskey-sour", "rob-roy", "penicillin"} {
		if !slices.Contains(whiskey, want) {
			t.Errorf("whiskey lacks %s: %v", want, whiskey)
		}
	}
	for query, wants := range map[string][]string{
		"cointreau":      {"margarita", "sidecar"},
		"orange liqueur": {"margarita", "sidecar"},
		"brandy":         {"sidecar", "alexander"},
		"coke":           {"cuba-libre"},
		"limes":          {"daiquiri"},
		"eggs":           {"whiskey-sour"},
	} {
		got := ids(catalog.Search(query).Cocktails())
		for _, want := range wants {
			if !slices.Contains(got, want) {
				t.Errorf("%s finds %v, without %s", query, got, want)
			}
		}
	}
	for typo, want := range map[string]string{"campri": "campari", "vermuth": "vermouth"} {
		if got := catalog.Search(typo).Suggestions; len(got) != 1 || !slices.Contains(got[0], want) {
			t.Errorf("%s suggests %q, want %s", typo, got, want)
		}
	}
}

func TestABarsIngredientStandsInForItsKinds(t *testing.T) {
	catalog := ibaCatalog(t)
	tests := []struct {
		name    string
		bar     []string
		ready   []string
		oneAway map[string]string // cocktail → what it needs
		absent  []string          // neither ready nor one away
	}{
		{
			name:    "cointreau makes the margarita, which asks for triple sec",
			bar:     []string{"tequila", "cointreau", "lime juice"},
			ready:   []string{"margarita"},
			oneAway: map[string]string{"tommys-margarita": "agave syrup", "cosmopolitan": ""},
		},
		{
			name:    "bourbon makes what asks for bourbon, not what asks for rye",
			bar:     []string{"bourbon whiskey", "campari", "sweet vermouth", "angostura bitters"},
			ready:   []string{"boulevardier"},
			oneAway: map[string]string{"manhattan": "rye whiskey", "old-fashioned": "sugar cube", "negroni": "gin"},
		},
		{
			name:    "a kind in the bar is one bottle of it: whiskey makes no bourbon drink",
			bar:     []string{"whiskey", "campari", "sweet vermouth"},
			ready:   nil,
			absent:  []string{"rusty-nail"},
			oneAway: map[string]string{"boulevardier": "bourbon whiskey", "negroni": "gin"},
		},
		{
			name:    "limes make what asks for lime juice",
			bar:     []string{"white rum", "lime", "superfine sugar", "cola"},
			ready:   []string{"cuba-libre", "daiquiri"},
			oneAway: map[string]string{"hemingway-special": ""},
		},
		{
			name:    "an orange liqueur in the bar is not a curaçao nor a triple sec",
			bar:     []string{"brandy", "orange liqueur", "maraschino liqueur", "lemon juice", "simple syrup", "angostura bitters"},
			ready:   nil,
			oneAway: map[string]string{"brandy-crusta": "curaçao"},
		},
		{
			name:    "cognac stands in for brandy",
			bar:     []string{"cognac", "curaçao", "maraschino liqueur", "lemon", "simple syrup", "angostura bitters"},
			ready:   []string{"brandy-crusta"},
			oneAway: map[string]string{"sidecar": "triple sec", "stinger": "white crème de menthe"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ready []string
			oneAway := map[string]string{}
			for _, m := range catalog.MakeableWith(append(slices.Clone(AlwaysAtHand), tt.bar...)) {
				if len(m.Missing) == 0 {
					ready = append(ready, m.ID)
				} else {
					oneAway[m.ID] = m.Missing[0]
				}
			}
			if !slices.Equal(ready, tt.ready) {
				t.Errorf("ready = %v, want %v", ready, tt.ready)
			}
			for id, needs := range tt.oneAway {
				if needs == "" {
					if _, listed := oneAway[id]; listed {
						t.Errorf("%s is one away (needs %s), but lacks more", id, oneAway[id])
					}
					continue
				}
				if oneAway[id] != needs {
					t.Errorf("%s needs %q, want %q", id, oneAway[id], needs)
				}
			}
			for _, id := range tt.absent {
				if _, listed := oneAway[id]; listed || slices.Contains(ready, id) {
					t.Errorf("%s is listed", id)
				}
			}
		})
	}
}

func TestShoppingNamesWhatAddsTheMostCocktails(t *testing.T) {
	catalog := ibaCatalog(t)
	have := append(slices.Clone(AlwaysAtHand), "tequila", "lime juice", "cognac", "lemon juice", "gin")
	purchases := catalog.ShoppingWith(have, 0)
	if len(purchases) < 3 {
		t.Fatalf("purchases = %+v", purchases)
	}
	describe := func(p Purchase) string {
		var ids []string
		for _, c := range p.Cocktails {
			ids = append(ids, c.ID)
		}
		return fmt.Sprintf("%s %d %v", p.Ingredient, p.Makes, ids)
	}
	// Cointreau and triple sec both complete the three; triple sec comes
	// first, since more recipes call for it (every cointreau recipe is a
	// triple-sec recipe too).
	for i, want := range []string{"triple sec 3 [margarita sidecar white-lady]", "cointreau 3 [margarita sidecar white-lady]"} {
		if got := describe(purchases[i]); got != want {
			t.Errorf("purchase %d = %s, want %s", i, got, want)
		}
	}
	for i := 1; i < len(purchases); i++ {
		if purchases[i].Makes > purchases[i-1].Makes {
			t.Errorf("%s comes after %s", describe(purchases[i]), describe(purchases[i-1]))
		}
	}
	for _, p := range purchases {
		if slices.Contains(have, p.Ingredient) {
			t.Errorf("%s is in the bar already", p.Ingredient)
		}
		if p.Makes != len(p.Cocktails) {
			t.Errorf("%s: makes %d, lists %d", p.Ingredient, p.Makes, len(p.Cocktails))
		}
		// Buying it makes every cocktail it names.
		for _, c := range p.Cocktails {
			if !slices.ContainsFunc(catalog.MakeableWith(append(slices.Clone(have), p.Ingredient)), func(m Makeable) bool { return m.ID == c.ID && len(m.Missing) == 0 }) {
				t.Errorf("buying %s does not make %s", p.Ingredient, c.ID)
			}
		}
	}
	limes := catalog.ShoppingWith(append(slices.Clone(AlwaysAtHand), "white rum", "superfine sugar"), 2)
	if got := []string{describe(limes[0]), describe(limes[1])}; !slices.Equal(got, []string{"lime juice 1 [daiquiri]", "lime 1 [daiquiri]"}) {
		t.Errorf("a daiquiri without lime juice is completed by %v", got)
	}
	if got := catalog.ShoppingWith(catalog.Ingredients(), 0); len(got) != 0 {
		t.Errorf("a full bar is told to buy %+v", got)
	}
}

func TestMatchingNamesEachTermsIngredient(t *testing.T) {
	catalog := ibaCatalog(t)
	result := catalog.Search("brandy, cointreau")
	sidecar, _ := catalog.Cocktail("sidecar")
	if got := result.Matching(sidecar); !slices.Equal(got, []string{"cognac", "triple sec"}) {
		t.Errorf("brandy, cointreau matched %q in the sidecar", got)
	}
	negroni, _ := catalog.Cocktail("negroni")
	if got := catalog.Search("gin, camp").Matching(negroni); !slices.Equal(got, []string{"gin", "campari"}) {
		t.Errorf("gin, camp matched %q in the negroni", got)
	}
	for term, want := range map[string]bool{"campri": false, "camp": true, "beer": true, "whisky": true, "": false} {
		if got := catalog.Matches(term); got != want {
			t.Errorf("Matches(%q) = %v", term, got)
		}
	}
}
