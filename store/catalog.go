package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"barkeep/data"
)

// Catalog is the read-only cocktail catalog with the indexes that search
// uses. It is built once and shared by every session without locking.
type Catalog struct {
	cocktails []data.Cocktail // sorted by name
	byID      map[string]int
	folded    []string // folded cocktail names, parallel to cocktails

	ingredients []string  // distinct ingredient names, sorted
	uses        []bitset  // per ingredient: the cocktails that use it
	words       []wordRef // every word of every ingredient name, sorted by word
}

// wordRef ties one folded word to the ingredient name it comes from.
type wordRef struct {
	word       string
	ingredient int32
}

// NewCatalog indexes cocktails. They must already be valid (see data.Parse).
func NewCatalog(cocktails []data.Cocktail) *Catalog {
	sorted := slices.Clone(cocktails)
	slices.SortStableFunc(sorted, func(a, b data.Cocktail) int {
		return cmp.Or(cmp.Compare(fold(a.Name), fold(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	c := &Catalog{
		cocktails: sorted,
		byID:      make(map[string]int, len(sorted)),
		folded:    make([]string, len(sorted)),
	}
	ingredientIndex := map[string]int32{}
	for i, cocktail := range sorted {
		c.byID[cocktail.ID] = i
		c.folded[i] = fold(cocktail.Name)
		for _, ing := range cocktail.Ingredients {
			if _, ok := ingredientIndex[ing.Name]; !ok {
				ingredientIndex[ing.Name] = 0
				c.ingredients = append(c.ingredients, ing.Name)
			}
		}
	}
	sort.Strings(c.ingredients)
	for i, name := range c.ingredients {
		ingredientIndex[name] = int32(i)
		for _, w := range words(fold(name)) {
			c.words = append(c.words, wordRef{word: w, ingredient: int32(i)})
		}
	}
	slices.SortFunc(c.words, func(a, b wordRef) int {
		return cmp.Or(strings.Compare(a.word, b.word), cmp.Compare(a.ingredient, b.ingredient))
	})
	c.uses = make([]bitset, len(c.ingredients))
	for n := range c.uses {
		c.uses[n] = newBitset(len(sorted))
	}
	for i, cocktail := range sorted {
		for _, ing := range cocktail.Ingredients {
			c.uses[ingredientIndex[ing.Name]].add(i)
		}
	}
	return c
}

// Len is the number of cocktails.
func (c *Catalog) Len() int { return len(c.cocktails) }

// All returns every cocktail in alphabetical order. The slice is shared:
// callers must not modify it.
func (c *Catalog) All() []data.Cocktail { return c.cocktails }

// Cocktail returns the cocktail with that id.
func (c *Catalog) Cocktail(id string) (data.Cocktail, bool) {
	i, ok := c.byID[id]
	if !ok {
		return data.Cocktail{}, false
	}
	return c.cocktails[i], true
}

// Ingredients returns the distinct ingredient names, sorted.
func (c *Catalog) Ingredients() []string { return c.ingredients }

// FilterByName returns the cocktails whose name contains query, ignoring case
// and accents. An empty query returns everything.
func (c *Catalog) FilterByName(query string) []data.Cocktail {
	q := strings.TrimSpace(fold(query))
	if q == "" {
		return c.cocktails
	}
	var found []data.Cocktail
	for i, name := range c.folded {
		if strings.Contains(name, q) {
			found = append(found, c.cocktails[i])
		}
	}
	return found
}

// Random returns a random cocktail other than the one with id except (when
// the catalog has another one to give).
func (c *Catalog) Random(except string) data.Cocktail {
	skip, ok := c.byID[except]
	if !ok {
		skip = -1
	}
	return c.cocktails[randomIndex(len(c.cocktails), skip)]
}

// RandomOf returns a random cocktail of cocktails other than the one with id
// except (when there is another one to give); ok is false for no cocktails.
func RandomOf(cocktails []data.Cocktail, except string) (c data.Cocktail, ok bool) {
	if len(cocktails) == 0 {
		return data.Cocktail{}, false
	}
	skip := slices.IndexFunc(cocktails, func(c data.Cocktail) bool { return c.ID == except })
	return cocktails[randomIndex(len(cocktails), skip)], true
}

// randomIndex draws an index below n, never skip unless it is the only one
// (skip < 0 skips nothing).
func randomIndex(n, skip int) int {
	if skip < 0 || n == 1 {
		return rand.IntN(n)
	}
	i := rand.IntN(n - 1)
	if i >= skip {
		i++
	}
	return i
}

// SearchResult is the answer to an ingredient query. It holds the matches
// as a set: finding them costs the same whether they are a handful or
// tens of thousands, and only a caller that wants them copies them out.
type SearchResult struct {
	Terms   []string // the ingredients asked for, as typed
	Unknown []string // the terms that match no ingredient of the catalog

	catalog *Catalog
	found   bitset // the cocktails that contain every term; nil for none
}

// Len is how many cocktails contain every term.
func (r SearchResult) Len() int {
	if r.found == nil {
		return 0
	}
	return r.found.count()
}

// Cocktails returns the cocktails that contain every term, alphabetical.
func (r SearchResult) Cocktails() []data.Cocktail {
	if r.found == nil {
		return nil
	}
	cocktails := make([]data.Cocktail, 0, r.found.count())
	r.found.each(func(i int) { cocktails = append(cocktails, r.catalog.cocktails[i]) })
	return cocktails
}

// ParseTerms splits an ingredient query on commas, dropping empty terms.
func ParseTerms(query string) []string {
	var terms []string
	for _, part := range strings.Split(query, ",") {
		if term := strings.Join(strings.Fields(part), " "); term != "" {
			terms = append(terms, term)
		}
	}
	return terms
}

// Search finds the cocktails that contain every ingredient of the
// comma-separated query. A term matches an ingredient when each of its words
// is the start of a word of the ingredient's name, ignoring case and accents:
// "vermouth" matches "sweet vermouth", "lime" matches "lime juice".
func (c *Catalog) Search(query string) SearchResult {
	result := SearchResult{Terms: ParseTerms(query)}
	var found, term bitset
	for i, t := range result.Terms {
		ingredients := c.ingredientsMatching(t, preferWholeWords)
		if len(ingredients) == 0 {
			result.Unknown = append(result.Unknown, t)
			continue
		}
		// The cocktails with any ingredient the term matches...
		if len(ingredients) == 1 {
			term = c.uses[ingredients[0]]
		} else {
			term = slices.Clone(c.uses[ingredients[0]])
			for _, ing := range ingredients[1:] {
				term.or(c.uses[ing])
			}
		}
		// ...and every term before.
		if i == 0 || found == nil {
			found = slices.Clone(term)
		} else {
			found.and(term)
		}
	}
	if len(result.Unknown) == 0 {
		result.catalog, result.found = c, found
	}
	return result
}

// wordMatch says how a typed word matches the words of ingredient names.
type wordMatch int

const (
	// anyPrefix matches every word the typed one starts: "gin" matches
	// gin and ginger beer. For completion.
	anyPrefix wordMatch = iota
	// preferWholeWords matches the words equal to the typed one when
	// there are any, and only otherwise the words it starts: "gin" is gin,
	// not ginger beer, while "verm" is still vermouth. For search.
	preferWholeWords
)

// ingredientsMatching returns the ingredients every word of term matches a
// word of.
func (c *Catalog) ingredientsMatching(term string, match wordMatch) []int32 {
	var found []int32
	for i, w := range words(fold(term)) {
		candidates := c.ingredientsWithWord(w, match)
		if i == 0 {
			found = candidates
		} else {
			found = intersect(found, candidates)
		}
		if len(found) == 0 {
			return nil
		}
	}
	return found
}

func (c *Catalog) ingredientsWithWord(prefix string, match wordMatch) []int32 {
	start := sort.Search(len(c.words), func(i int) bool { return c.words[i].word >= prefix })
	var found []int32
	for i := start; i < len(c.words) && strings.HasPrefix(c.words[i].word, prefix); i++ {
		found = append(found, c.words[i].ingredient)
	}
	// Equal words sort first in the range.
	if match == preferWholeWords {
		whole := 0
		for start+whole < len(c.words) && c.words[start+whole].word == prefix {
			whole++
		}
		if whole > 0 {
			found = found[:whole]
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// Complete returns the ingredient names that the last comma-separated term of
// query could complete to, best first: names that start with the term, then
// names with a word that does.
func (c *Catalog) Complete(query string) []string {
	terms := strings.Split(query, ",")
	partial := strings.TrimSpace(terms[len(terms)-1])
	if partial == "" {
		return nil
	}
	folded := fold(partial)
	var starts, inside []string
	for _, ing := range c.ingredientsMatching(partial, anyPrefix) {
		name := c.ingredients[ing]
		if strings.HasPrefix(fold(name), folded) {
			starts = append(starts, name)
		} else {
			inside = append(inside, name)
		}
	}
	return append(starts, inside...)
}

// intersect returns the values present in both ascending slices.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// ResolveIngredient finds the catalog's ingredient for what a person typed:
// the one of that name, ignoring case and accents, or else the only one the
// term matches by word prefixes. When it is not one ingredient, name is
// empty and matches lists the candidates (none for an unknown term).
func (c *Catalog) ResolveIngredient(term string) (name string, matches []string) {
	folded := strings.Join(words(fold(term)), " ")
	for _, ing := range c.ingredientsMatching(term, preferWholeWords) {
		candidate := c.ingredients[ing]
		if strings.Join(words(fold(candidate)), " ") == folded {
			return candidate, nil
		}
		matches = append(matches, candidate)
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	return "", matches
}

// Find returns the cocktail with that id, or else with that name ignoring
// case and accents, or else ignoring punctuation too: a shell leaves
// Dark 'n' Stormy as "Dark n Stormy", and an apostrophe left open may
// cling to a word ("'Bee's Knees").
func (c *Catalog) Find(idOrName string) (data.Cocktail, bool) {
	if cocktail, ok := c.Cocktail(idOrName); ok {
		return cocktail, true
	}
	folded := strings.Join(strings.Fields(fold(idOrName)), " ")
	for i, name := range c.folded {
		if name == folded {
			return c.cocktails[i], true
		}
	}
	if bare := strings.Join(words(folded), " "); bare != "" {
		for i, name := range c.folded {
			if sameWords(name, bare) {
				return c.cocktails[i], true
			}
		}
	}
	return data.Cocktail{}, false
}

// sameWords says whether the words of folded, joined by single spaces,
// are bare; it compares in place, so that trying every name of a large
// catalog allocates nothing.
func sameWords(folded, bare string) bool {
	at, gap := 0, false
	for _, r := range folded {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = at > 0
			continue
		}
		if gap {
			if at >= len(bare) || bare[at] != ' ' {
				return false
			}
			at, gap = at+1, false
		}
		want, size := utf8.DecodeRuneInString(bare[at:])
		if size == 0 || want != r {
			return false
		}
		at += size
	}
	return at == len(bare)
}
