package texts

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"
)

func TestMeasuresAreWrittenAsBartendersWriteThem(t *testing.T) {
	tests := []struct {
		ing      data.Ingredient
		units    Units
		servings int
		want     string
	}{
		{data.Ingredient{Amount: 30, Unit: "ml"}, Metric, 1, "30 ml"},
		{data.Ingredient{Amount: 22.5, Unit: "ml"}, Metric, 2, "45 ml"},
		{data.Ingredient{Amount: 22.5, Unit: "ml"}, Imperial, 1, "¾ oz"},
		{data.Ingredient{Amount: 45, Unit: "ml"}, Imperial, 1, "1½ oz"},
		{data.Ingredient{Amount: 60, Unit: "ml"}, Imperial, 1, "2 oz"},
		{data.Ingredient{Amount: 10, Unit: "ml"}, Imperial, 1, "⅓ oz"},
		{data.Ingredient{Amount: 20, Unit: "ml"}, Imperial, 1, "⅔ oz"},
		{data.Ingredient{Amount: 5, Unit: "ml"}, Imperial, 1, "1 tsp"},
		{data.Ingredient{Amount: 2, Unit: "ml"}, Imperial, 1, "½ tsp"},
		{data.Ingredient{Amount: 29, Unit: "ml"}, Imperial, 1, "1 oz"},
		{data.Ingredient{Amount: 30, Unit: "ml"}, Imperial, 12, "12 oz"},
		{data.Ingredient{Amount: 1, Unit: "dash"}, Metric, 1, "1 dash"},
		{data.Ingredient{Amount: 2, Unit: "dash"}, Imperial, 3, "6 dashes"},
		{data.Ingredient{Unit: data.UnitTop}, Metric, 4, "top up"},
		{data.Ingredient{Amount: 1, Unit: "whole"}, Metric, 2, "2"},
		{data.Ingredient{Text: "Juice of 1/2"}, Metric, 1, "Juice of 1/2"},
		{data.Ingredient{Text: "Juice of 1/2"}, Metric, 3, "3 × Juice of 1/2"},
	}
	for _, tt := range tests {
		if got := Measure(tt.ing, tt.units, tt.servings); got != tt.want {
			t.Errorf("Measure(%+v, %v, %d) = %q, want %q", tt.ing, tt.units, tt.servings, got, tt.want)
		}
	}
}

func TestWrapKeepsToTheWidthAndTheTextsLineBreaks(t *testing.T) {
	lines := Wrap("Stir everything over ice.\nStrain into a chilled glass, then garnish with a twist of lemon.", 20)
	if lines[0] != "Stir everything over" || lines[1] != "ice." {
		t.Errorf("Wrap = %q", lines)
	}
	for _, line := range lines {
		if len([]rune(line)) > 20 {
			t.Errorf("the line %q is longer than 20", line)
		}
	}
}

func catalog(t *testing.T) *store.Catalog {
	t.Helper()
	return store.NewCatalog(storetest.FixtureCatalog(t))
}

func TestIngredientsAreResolvedWithAndWithoutCommas(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		typed string
		want  []string
		err   string
	}{
		{"gin", []string{"gin"}, ""},
		{"sweet vermouth, lime juice", []string{"sweet vermouth", "lime juice"}, ""},
		{"gin campari", []string{"gin", "campari"}, ""},
		{"sweet vermouth lime juice gin", []string{"sweet vermouth", "lime juice", "gin"}, ""},
		{"GIN, gin", []string{"gin"}, ""},
		{"vermouth", []string{"vermouth"}, ""},
		{"dry", nil, `"dry" could be "dry vermouth", "dry white wine", "london dry gin": say which`},
		{"gin unicorn", nil, `no ingredient in the catalog matches "unicorn"`},
		{"unicorn", nil, `no ingredient in the catalog matches "unicorn"`},
	}
	for _, tt := range tests {
		got, err := ResolveIngredients(c.ResolveIngredient, tt.typed)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: error %v, want %q", tt.typed, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q = %q, %v; want %q", tt.typed, got, err, tt.want)
		}
	}
	var unknown UnknownIngredientError
	if _, err := ResolveIngredients(c.ResolveIngredient, "unicorn"); !errors.As(err, &unknown) {
		t.Errorf("an unknown ingredient is %T", err)
	}
	_, err := ResolveIngredients(c.ResolveIngredient, "gin, campri")
	if err := Suggesting(err, c.Suggest); err == nil || err.Error() != `no ingredient in the catalog matches "campri" (did you mean "campari"?)` {
		t.Errorf("a typo's error is %v", err)
	}
}

func TestSearchTakesIngredientsWithoutCommas(t *testing.T) {
	c := catalog(t)
	for typed, want := range map[string]string{
		"gin campari":          "gin, campari",
		"gin camp":             "gin, camp",
		"sweet vermouth gin":   "sweet vermouth, gin",
		"lime juice":           "lime juice",
		"gin, campari":         "gin, campari",
		"gin unicorn":          "gin, unicorn",
		"vermouth, white rum ": "vermouth, white rum",
	} {
		if got := SearchQuery(c, typed); got != want {
			t.Errorf("SearchQuery(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestSuggestFindsTheCocktailMeant(t *testing.T) {
	all := catalog(t).All()
	for typed, want := range map[string]string{"negorni": "negroni", "dry martni": "dry-martini", "MARGARTIA": "margarita"} {
		if got, ok := Suggest(all, typed); !ok || got.ID != want {
			t.Errorf("Suggest(%q) = %q, %v; want %q", typed, got.ID, ok, want)
		}
	}
	if got, ok := Suggest(all, "tea"); ok {
		t.Errorf("Suggest(tea) = %q: nothing is close", got.ID)
	}
}

func TestTheCardTicksWhatIsAtHandAndScales(t *testing.T) {
	negroni, _ := catalog(t).Cocktail("negroni")
	card := Card{Cocktail: negroni, Likes: 1, Units: Imperial, Servings: 2, AtHand: map[string]bool{"gin": true}, WithID: true}
	text := card.Text(80)
	for _, want := range []string{
		"Negroni (negroni)\n", "♡ 1 like\n", "Ingredients for 2\n", "  ✓ 2 oz  gin\n", "  ✗ 2 oz  campari\n",
		"(✗: not in your bar)", "orange slice, on each glass",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
	plain := Card{Cocktail: negroni, Liked: true, Likes: 3}.Text(80)
	if strings.Contains(plain, "✓") || strings.Contains(plain, "✗") || !strings.Contains(plain, "♥ 3 likes · you like it") {
		t.Errorf("a card without a bar:\n%s", plain)
	}
}
