package store

import (
	"slices"
	"strings"
	"testing"

	"barkeep/data"
)

// FuzzSearch feeds ingredient queries of any shape to search, typo
// suggestions and completion.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"gin, campari", "vermouth", "lime", "crème de cassis", "creme", " , ,, ", "",
		"GIN,CAMPARI", "sweet verm", "\xff\xfe", "gin,\x00campari", strings.Repeat("gin, ", 500),
		"ǅ", "ﬁ", "İstanbul", "a\u0301", "🍸, 🍋", "whisky, cointreau", "limes", "campri", "brandy, orange liqueur",
		"Peychaud's", "rhumple minze", "sweet vermuoth",
	} {
		f.Add(seed)
	}
	catalog := ibaCatalog(f)
	f.Fuzz(func(t *testing.T, query string) {
		result := catalog.Search(query)
		for _, unknown := range result.Unknown {
			if !slices.Contains(result.Terms, unknown) {
				t.Fatalf("unknown term %q is not one of the terms %q", unknown, result.Terms)
			}
		}
		if len(result.Unknown) > 0 && len(result.Cocktails()) > 0 {
			t.Fatalf("%q: results despite unknown terms %q", query, result.Unknown)
		}
		if len(result.Suggestions) != len(result.Unknown) {
			t.Fatalf("%q: %d suggestions for %d unknown terms", query, len(result.Suggestions), len(result.Unknown))
		}
		for _, suggestions := range result.Suggestions {
			for _, s := range suggestions {
				if found := catalog.Search(s); len(found.Unknown) > 0 || found.Len() == 0 {
					t.Fatalf("%q: the suggestion %q finds nothing", query, s)
				}
			}
		}
		names := make([]string, len(result.Cocktails()))
		for i, c := range result.Cocktails() {
			if _, ok := catalog.Cocktail(c.ID); !ok {
				t.Fatalf("%q found %q, which is not in the catalog", query, c.ID)
			}
			names[i] = fold(c.Name)
			for _, m := range result.Matched(c) {
				if !slices.ContainsFunc(c.Ingredients, func(ing data.Ingredient) bool { return ing.Name == m }) {
					t.Fatalf("%q: %s matched %q, which it does not call for", query, c.ID, m)
				}
			}
		}
		if !slices.IsSorted(names) {
			t.Fatalf("%q: results out of order: %q", query, names)
		}
		// A term adds a condition: results for more terms are a subset.
		if len(result.Terms) > 1 {
			fewer := catalog.Search(strings.Join(result.Terms[1:], ","))
			for _, c := range result.Cocktails() {
				if !slices.ContainsFunc(fewer.Cocktails(), func(d data.Cocktail) bool { return d.ID == c.ID }) {
					t.Fatalf("%q found %q, which fewer terms do not", query, c.ID)
				}
			}
		}
		for _, name := range catalog.Complete(query) {
			if !slices.Contains(catalog.Ingredients(), name) {
				t.Fatalf("completion %q of %q is not an ingredient", name, query)
			}
		}
		_, _ = catalog.ResolveIngredient(query)
		_, _ = catalog.Find(query)
	})
}
