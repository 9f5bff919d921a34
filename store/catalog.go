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
//
// Its ingredients are the vocabulary's entries and the catalog's own names
// that the vocabulary does not know. The vocabulary's kinds and sources are
// expanded here, once, at load: for every ingredient, the cocktails a
// search for it finds (a bitset) and the ingredients a bar holding it can
// stand in for. A search, or a bar's check, is then a few bitset and slice
// operations, whatever the depth of the kinds.
type Catalog struct {
	cocktails []data.Cocktail // sorted by name
	byID      map[string]int
	folded    []string // folded cocktail names, parallel to cocktails

	// An ingredient's index is its entry's in the vocabulary; the
	// catalog's own names come after those.
	vocabulary  *data.Vocabulary
	names       []string         // per ingredient: its name
	ingredients []string         // the names of those the catalog has in some form (see has), sorted
	ownByName   map[string]int32 // the catalog's own names → ingredient
	ownByKey    map[string]int32 // their keys (data.Vocabulary.Key) → ingredient
	recipes     [][]int32        // per cocktail: its ingredients, parallel to its recipe
	uses        []bitset         // per ingredient: the cocktails that call for it; nil for none
	finds       []bitset         // per ingredient: the cocktails a search for it finds; nil for none
	found       []int            // per ingredient: how many cocktails finds holds
	usedBy      []bitset         // per ingredient: the cocktails that call for it or a member of it; nil for none
	used        []int            // per ingredient: how many cocktails usedBy holds
	members     [][]int32        // per ingredient: itself and its members at any depth
	accepts     [][]int32        // per ingredient: the ingredients whose cocktails a search for it finds
	makes       [][]int32        // per ingredient: what a bar holding it has in effect
	madeBy      [][]int32        // per ingredient: the ingredients that make it
	whole       []data.WordRef   // the normal word of every word of every spelling, sorted
	prefixes    []data.WordRef   // every folded word of every spelling, sorted
	typos       []typoKey        // the spellings of the ingredients that find something, for suggestions
	nameWords   [][]string       // per ingredient: the folded words of its name
}

// NewCatalog indexes cocktails with the embedded vocabulary. They must
// already be valid (see data.Parse).
func NewCatalog(cocktails []data.Cocktail) *Catalog {
	return NewCatalogWith(cocktails, data.MustEmbeddedVocabulary())
}

// NewCatalogWith indexes cocktails with the vocabulary given.
func NewCatalogWith(cocktails []data.Cocktail, vocabulary *data.Vocabulary) *Catalog {
	sorted := slices.Clone(cocktails)
	slices.SortStableFunc(sorted, func(a, b data.Cocktail) int {
		return cmp.Or(cmp.Compare(fold(a.Name), fold(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	c := &Catalog{
		cocktails:  sorted,
		byID:       make(map[string]int, len(sorted)),
		folded:     make([]string, len(sorted)),
		vocabulary: vocabulary,
	}
	for i, cocktail := range sorted {
		c.byID[cocktail.ID] = i
		c.folded[i] = fold(cocktail.Name)
	}
	c.indexIngredients()
	c.indexRecipes()
	c.expandRelations()
	c.indexWords()
	for x, name := range c.names {
		if c.has(int32(x)) {
			c.ingredients = append(c.ingredients, name)
		}
	}
	slices.Sort(c.ingredients)
	return c
}

// has says whether the catalog has ingredient x in some form: a cocktail
// calls for it or for one of its members, or for something it stands in
// for (cointreau, where cocktails ask for triple sec). The vocabulary's
// other entries are names the catalog knows but does not have.
func (c *Catalog) has(x int32) bool { return c.used[x] > 0 || c.found[x] > 0 }

// indexIngredients numbers the vocabulary's entries, then the catalog's
// own names. Own names with the same key ("cranberries", "cranberry") are
// one ingredient, named as the first cocktail to use it names it.
func (c *Catalog) indexIngredients() {
	v := c.vocabulary
	c.names = make([]string, v.Len(), v.Len()+8)
	for i := range v.Len() {
		c.names[i] = v.Entry(i).Name
	}
	c.ownByName, c.ownByKey = map[string]int32{}, map[string]int32{}
	for _, cocktail := range c.cocktails {
		for _, ing := range cocktail.Ingredients {
			if _, known := c.lookup(ing.Name); known {
				continue
			}
			key := v.Key(ing.Name)
			if key == "" {
				key = ing.Name // a name without letters or digits is only itself
			}
			x, seen := c.ownByKey[key]
			if !seen {
				x = int32(len(c.names))
				c.names = append(c.names, ing.Name)
				c.ownByKey[key] = x
			}
			c.ownByName[ing.Name] = x
		}
	}
}

// lookup is the ingredient a recipe's or a person's name for it is: by
// canonical name, else by key.
func (c *Catalog) lookup(name string) (int32, bool) {
	if i, ok := c.vocabulary.IndexOfName(name); ok {
		return int32(i), true
	}
	if x, ok := c.ownByName[name]; ok {
		return x, true
	}
	return c.lookupKey(c.vocabulary.Key(name))
}

func (c *Catalog) lookupKey(key string) (int32, bool) {
	if i, ok := c.vocabulary.IndexOfKey(key); ok {
		return int32(i), true
	}
	x, ok := c.ownByKey[key]
	return x, ok
}

// own reports whether ingredient x is one of the catalog's own names.
func (c *Catalog) own(x int32) bool { return int(x) >= c.vocabulary.Len() }

func (c *Catalog) indexRecipes() {
	c.recipes = make([][]int32, len(c.cocktails))
	c.uses = make([]bitset, len(c.names))
	for i, cocktail := range c.cocktails {
		recipe := make([]int32, len(cocktail.Ingredients))
		for j, ing := range cocktail.Ingredients {
			x, _ := c.lookup(ing.Name)
			recipe[j] = x
			if c.uses[x] == nil {
				c.uses[x] = newBitset(len(c.cocktails))
			}
			c.uses[x].add(i)
		}
		c.recipes[i] = recipe
	}
}

// expandRelations turns the vocabulary's kinds and sources into what
// search and the bar use. A bar holding x has in effect makes[x]: x, its
// kinds and what is made from it. A search for x finds the cocktails that
// any x, x or one of its members, makes: accepts[x] is the union of their
// makes, finds[x] the cocktails calling for one of those. The catalog's
// own names have no kinds, members or sources.
func (c *Catalog) expandRelations() {
	v := c.vocabulary
	n := len(c.names)
	c.makes = make([][]int32, n)
	c.members = make([][]int32, n)
	c.accepts = make([][]int32, n)
	c.madeBy = make([][]int32, n)
	for x := range n {
		if c.own(int32(x)) {
			self := []int32{int32(x)}
			c.makes[x], c.members[x], c.accepts[x], c.madeBy[x] = self, self, self, self
			continue
		}
		c.makes[x], c.members[x], c.accepts[x], c.madeBy[x] = v.Makes(x), v.Members(x), v.Accepts(x), v.MadeBy(x)
	}
	c.finds = make([]bitset, n)
	c.found = make([]int, n)
	c.usedBy = make([]bitset, n)
	c.used = make([]int, n)
	for x := range n {
		c.finds[x] = c.union(c.accepts[x])
		c.found[x] = c.finds[x].count()
		c.usedBy[x] = c.union(c.members[x])
		c.used[x] = c.usedBy[x].count()
	}
}

// union is the cocktails that call for any of ingredients: one of the
// index's own bitsets when only one of them is used (callers must not
// change it), nil when none is.
func (c *Catalog) union(ingredients []int32) bitset {
	var out bitset
	owned := false
	for _, x := range ingredients {
		switch uses := c.uses[x]; {
		case uses == nil:
		case out == nil:
			out = uses
		case !owned:
			out = slices.Clone(out)
			owned = true
			fallthrough
		default:
			out.or(uses)
		}
	}
	return out
}

// indexWords takes the vocabulary's word indexes, adding the catalog's
// own names to copies of them when it has any.
func (c *Catalog) indexWords() {
	v := c.vocabulary
	c.prefixes, c.whole = v.PrefixWords(), v.WholeWords()
	if len(c.names) > v.Len() {
		var prefixes, whole []data.WordRef
		for x := v.Len(); x < len(c.names); x++ {
			for _, w := range data.FoldWords(c.names[x]) {
				prefixes = append(prefixes, data.WordRef{Word: w, Entry: int32(x)})
				whole = append(whole, data.WordRef{Word: v.NormalWord(w), Entry: int32(x)})
			}
		}
		c.prefixes = data.SortWordRefs(append(slices.Clone(c.prefixes), prefixes...))
		c.whole = data.SortWordRefs(append(slices.Clone(c.whole), whole...))
	}
	c.nameWords = make([][]string, len(c.names))
	for x, name := range c.names {
		c.nameWords[x] = data.FoldWords(name)
	}
	for x := range c.names {
		if c.found[x] == 0 {
			continue
		}
		if c.own(int32(x)) {
			c.typos = append(c.typos, newTypoKey(strings.Join(data.FoldWords(c.names[x]), " "), int32(x)))
			continue
		}
		for _, s := range v.Spellings(x) {
			c.typos = append(c.typos, newTypoKey(s, int32(x)))
		}
	}
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

// Ingredients returns the names of the ingredients the catalog has in some
// form, the ones a bar may hold, sorted: those its cocktails call for,
// their kinds, and what stands in for them.
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
	// Suggestions holds, for each unknown term, the ingredients it may be
	// a typo of, nearest first (none when nothing is near).
	Suggestions [][]string

	catalog *Catalog
	matches []termMatch // per term
	found   bitset      // the cocktails that match every term; nil (or empty) for none
}

// termMatch is what one typed term names.
type termMatch struct {
	exact       int32   // the ingredient the term names, or -1
	ingredients []int32 // the ingredients whose searches the term's is: exact, or those its words match
	// byWords is set when the term names no ingredient and its words
	// matched some: each then finds the cocktails that call for it or its
	// members, not what it stands in for (a word of "cherry cola" is no
	// search for cola).
	byWords bool
}

// Len is how many cocktails match every term.
func (r SearchResult) Len() int { return r.found.count() }

// Cocktails returns the cocktails that match every term, alphabetical.
func (r SearchResult) Cocktails() []data.Cocktail {
	if r.found == nil {
		return nil
	}
	cocktails := make([]data.Cocktail, 0, r.found.count())
	r.found.each(func(i int) { cocktails = append(cocktails, r.catalog.cocktails[i]) })
	return cocktails
}

// Matched returns the ingredients of a cocktail of the result that matched
// terms other than as typed: "cognac" in the Sidecar for "brandy",
// "campari" for "camp". A term whose ingredient the cocktail calls for by
// the name typed adds nothing.
func (r SearchResult) Matched(cocktail data.Cocktail) []string {
	i, ok := r.catalog.byID[cocktail.ID]
	if !ok || r.found == nil {
		return nil
	}
	var matched []string
	for _, m := range r.matches {
		recipe := r.catalog.recipes[i]
		if m.exact >= 0 && slices.Contains(recipe, m.exact) {
			continue
		}
		for j, x := range recipe {
			if r.catalog.accepted(m, x) {
				if name := cocktail.Ingredients[j].Name; !slices.Contains(matched, name) {
					matched = append(matched, name)
				}
				break
			}
		}
	}
	return matched
}

func (c *Catalog) accepted(m termMatch, ingredient int32) bool {
	accepts := c.accepts
	if m.byWords {
		accepts = c.members
	}
	for _, x := range m.ingredients {
		if _, ok := slices.BinarySearch(accepts[x], ingredient); ok {
			return true
		}
	}
	return false
}

// Matching returns, for a cocktail of the result, the ingredient of its
// recipe that each term matched, in the order of the terms, each once:
// "cognac, triple sec" in the Sidecar for "brandy, cointreau".
func (r SearchResult) Matching(cocktail data.Cocktail) []string {
	i, ok := r.catalog.byID[cocktail.ID]
	if !ok || r.found == nil {
		return nil
	}
	var matching []string
	for _, m := range r.matches {
		recipe := r.catalog.recipes[i]
		j := -1
		if m.exact >= 0 {
			j = slices.Index(recipe, m.exact)
		}
		if j < 0 {
			j = slices.IndexFunc(recipe, func(x int32) bool { return r.catalog.accepted(m, x) })
		}
		if j >= 0 && !slices.Contains(matching, cocktail.Ingredients[j].Name) {
			matching = append(matching, cocktail.Ingredients[j].Name)
		}
	}
	return matching
}

// Matches says whether a search term names or matches an ingredient: a
// search for it has no unknown term. It costs what matching the term
// does, without a search.
func (c *Catalog) Matches(term string) bool {
	return len(c.match(term, preferWholeWords).ingredients) > 0
}

// Found is a cocktail of a search with the ingredients that matched other
// than as typed (see SearchResult.Matched).
type Found struct {
	Liked
	Matched []string `json:"matched"`
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

// Search finds the cocktails that match every ingredient of the
// comma-separated query.
//
// A term names an ingredient by its name or any spelling, singular or
// plural, ignoring case and accents ("whisky", "Limes", "coke"). A cocktail
// matches it when one of its ingredients is that ingredient, belongs to it
// at any depth (whiskey finds bourbon drinks), or is what one of those
// stands in for (bourbon finds whiskey drinks, cointreau triple-sec ones,
// limes lime-juice ones). A term that names no ingredient is matched by its
// words, as it is while being typed: each word must be a whole word of an
// ingredient's name or spelling, or, when none is, the start of one
// ("sweet verm" is sweet vermouth, "camp" campari), and a cocktail matches
// when it calls for one of those ingredients or their members.
func (c *Catalog) Search(query string) SearchResult {
	result := SearchResult{Terms: ParseTerms(query), catalog: c}
	var found bitset
	owned := false
	for i, t := range result.Terms {
		m := c.match(t, preferWholeWords)
		result.matches = append(result.matches, m)
		if len(m.ingredients) == 0 {
			result.Unknown = append(result.Unknown, t)
			result.Suggestions = append(result.Suggestions, c.Suggest(t))
			continue
		}
		term, termOwned := c.termCocktails(m)
		switch {
		case i == 0:
			found, owned = term, termOwned
		case found == nil:
		case term == nil:
			found = nil
		case !owned:
			found, owned = slices.Clone(found), true
			fallthrough
		default:
			found.and(term)
		}
	}
	if len(result.Unknown) == 0 {
		result.found = found
	}
	return result
}

// termCocktails is the cocktails a term matches; owned says whether the
// bitset is the caller's to change or one of the index's own.
func (c *Catalog) termCocktails(m termMatch) (cocktails bitset, owned bool) {
	finds := c.finds
	if m.byWords {
		finds = c.usedBy
	}
	if len(m.ingredients) == 1 {
		return finds[m.ingredients[0]], false
	}
	var out bitset
	for _, x := range m.ingredients {
		if finds := finds[x]; finds != nil {
			if out == nil {
				out = newBitset(len(c.cocktails))
			}
			out.or(finds)
		}
	}
	return out, true
}

// match works out what a typed term names: the ingredient its key is (even
// one no cocktail uses: "beer" is beer, never ginger beer), or else the
// ingredients its words match.
func (c *Catalog) match(term string, how wordMatch) termMatch {
	if x, named := c.lookupKey(c.vocabulary.Key(term)); named {
		return termMatch{exact: x, ingredients: []int32{x}}
	}
	return termMatch{exact: -1, ingredients: c.ingredientsMatching(term, how), byWords: true}
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
// word of, in index order.
func (c *Catalog) ingredientsMatching(term string, how wordMatch) []int32 {
	var found []int32
	for i, w := range data.FoldWords(term) {
		candidates := c.ingredientsWithWord(w, how)
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

func (c *Catalog) ingredientsWithWord(word string, how wordMatch) []int32 {
	normal := c.vocabulary.NormalWord(word)
	start := sort.Search(len(c.whole), func(i int) bool { return c.whole[i].Word >= normal })
	var found []int32
	for i := start; i < len(c.whole) && c.whole[i].Word == normal; i++ {
		found = append(found, c.whole[i].Entry)
	}
	if how == anyPrefix || len(found) == 0 {
		start = sort.Search(len(c.prefixes), func(i int) bool { return c.prefixes[i].Word >= word })
		for i := start; i < len(c.prefixes) && strings.HasPrefix(c.prefixes[i].Word, word); i++ {
			found = append(found, c.prefixes[i].Entry)
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// Complete returns the ingredient names that the last comma-separated term
// of query could complete to, best first: the ingredient it names, then
// those whose names have words it starts, then those whose other
// spellings do ("cok": cola), each group most used first. Only ingredients
// the catalog uses in some form are offered while there are any, and
// failing those, the ones that would find a cocktail. A typo completes to
// nothing: see Suggest.
func (c *Catalog) Complete(query string) []string {
	terms := strings.Split(query, ",")
	partial := strings.TrimSpace(terms[len(terms)-1])
	if partial == "" {
		return nil
	}
	candidates := c.ingredientsMatching(partial, anyPrefix)
	exact, named := c.lookupKey(c.vocabulary.Key(partial))
	if named && !slices.Contains(candidates, exact) {
		candidates = append(candidates, exact)
	}
	typed := data.FoldWords(partial)
	byName, bySpelling := []int32{}, []int32{}
	for _, x := range c.rank(candidates, exact, named) {
		if (named && x == exact) || c.nameHasWords(x, typed) {
			byName = append(byName, x)
		} else {
			bySpelling = append(bySpelling, x)
		}
	}
	ranked := append(byName, bySpelling...)
	for _, keep := range []func(x int32) bool{
		func(x int32) bool { return c.used[x] > 0 },
		func(x int32) bool { return c.found[x] > 0 },
	} {
		var names []string
		for _, x := range ranked {
			if keep(x) {
				names = append(names, c.names[x])
			}
		}
		if len(names) > 0 {
			return names
		}
	}
	return nil
}

// nameHasWords says whether every typed word starts, or is, a word of the
// ingredient's name itself.
func (c *Catalog) nameHasWords(x int32, typed []string) bool {
	words := c.nameWords[x]
	for _, t := range typed {
		normal := c.vocabulary.NormalWord(t)
		if !slices.ContainsFunc(words, func(w string) bool {
			return strings.HasPrefix(w, t) || c.vocabulary.NormalWord(w) == normal
		}) {
			return false
		}
	}
	return true
}

// rank orders ingredients for a person to choose from: the one named
// first, then the most used, then those a search would find most with,
// then by name.
func (c *Catalog) rank(ingredients []int32, named int32, isNamed bool) []int32 {
	ranked := slices.Clone(ingredients)
	slices.SortFunc(ranked, func(a, b int32) int {
		if isNamed && (a == named) != (b == named) {
			if a == named {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(c.used[b], c.used[a]), cmp.Compare(c.found[b], c.found[a]), strings.Compare(c.names[a], c.names[b]))
	})
	return ranked
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

// ResolveIngredient finds the ingredient, of those the catalog has (see
// Ingredients), for what a person typed: the one it names by name or
// spelling, singular or plural, ignoring case and accents; or else the
// only one its words match. When it is not one ingredient, name is empty
// and matches lists the candidates, most used first (none for a term that
// names nothing the catalog has: see Suggest).
func (c *Catalog) ResolveIngredient(term string) (name string, matches []string) {
	if x, ok := c.lookupKey(c.vocabulary.Key(term)); ok {
		if c.has(x) {
			return c.names[x], nil
		}
		return "", nil // "beer" where no drink has one is no ginger beer
	}
	candidates := slices.DeleteFunc(c.ingredientsMatching(term, preferWholeWords), func(x int32) bool { return !c.has(x) })
	if len(candidates) == 1 {
		return c.names[candidates[0]], nil
	}
	for _, x := range c.rank(candidates, -1, false) {
		matches = append(matches, c.names[x])
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
