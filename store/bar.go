package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// AlwaysAtHand are the ingredients every home bar is taken to have: a
// cocktail never counts as out of reach for want of them.
var AlwaysAtHand = []string{"ice", "salt", "sugar", "water"}

// Bar returns the ingredients the account keeps at home, sorted. They may
// include some that the catalog served now lacks (see HasIngredient): a
// bar keeps what an earlier catalog had, for when it is served again.
func (s *Store) Bar(fingerprint string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	bar := make([]string, 0, len(s.bars[fingerprint]))
	for ing := range s.bars[fingerprint] {
		bar = append(bar, ing)
	}
	slices.Sort(bar)
	return bar
}

// InBar finds the ingredient of the account's bar that term names,
// ignoring case, accents and punctuation: how one the catalog no longer
// has is named to be taken out.
func (s *Store) InBar(fingerprint, term string) (string, bool) {
	want := strings.Join(words(fold(term)), " ")
	if want == "" {
		return "", false
	}
	for _, ing := range s.Bar(fingerprint) {
		if strings.Join(words(fold(ing)), " ") == want {
			return ing, true
		}
	}
	return "", false
}

// HasIngredient says whether the catalog has an ingredient of exactly that
// name.
func (c *Catalog) HasIngredient(name string) bool {
	_, found := slices.BinarySearch(c.ingredients, name)
	return found
}

// SetInBar adds ingredients to (or removes them from) the account's bar.
// The names added must be the catalog's (see Catalog.ResolveIngredient);
// any name can be removed, so that what an earlier catalog had can go
// too. It returns once the change is on disk; names already in the wanted
// state write nothing.
func (s *Store) SetInBar(fingerprint string, ingredients []string, inBar bool) error {
	if _, ok := s.Account(fingerprint); !ok {
		return fmt.Errorf("change bar: %w %s", ErrUnknownAccount, fingerprint)
	}
	for _, ing := range ingredients {
		if inBar && !s.catalog.HasIngredient(ing) {
			return fmt.Errorf("change bar: %q: %w", ing, ErrUnknownIngredient)
		}
	}
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	var changes []string
	s.mu.RLock()
	for _, ing := range ingredients {
		if _, has := s.bars[fingerprint][ing]; has != inBar && !slices.Contains(changes, ing) {
			changes = append(changes, ing)
		}
	}
	s.mu.RUnlock()
	if len(changes) == 0 {
		return nil
	}
	if err := s.backend.SetInBar(context.Background(), fingerprint, changes, inBar); err != nil {
		return fmt.Errorf("save bar in %s: %w", s.backend, err)
	}
	return nil
}

func (s *Store) addToBarLocked(fingerprint, ingredient string) {
	if s.bars[fingerprint] == nil {
		s.bars[fingerprint] = map[string]struct{}{}
	}
	s.bars[fingerprint][ingredient] = struct{}{}
}

// Makeable is a cocktail and what the bar lacks for it: nothing, or the
// one ingredient that it is away from.
type Makeable struct {
	Liked
	Missing []string `json:"missing"`
}

// Makeable returns the cocktails the account can make from its bar (and
// what is always at hand), then those it is one ingredient away from, each
// group alphabetical. See Catalog.MakeableWith for what a bar's
// ingredient stands in for.
func (s *Store) Makeable(fingerprint string) []Makeable {
	makeable := s.catalog.MakeableWith(s.barAndAtHand(fingerprint))
	for i := range makeable {
		makeable[i].Likes = s.Likes(makeable[i].ID)
	}
	return makeable
}

func (s *Store) barAndAtHand(fingerprint string) []string {
	return append(slices.Clone(AlwaysAtHand), s.Bar(fingerprint)...)
}

// MakeableWith returns the cocktails that need nothing beyond what have
// stands in for, then those that need one ingredient more, each group
// alphabetical; the missing one is named by the catalog's name for it.
//
// An ingredient stands in for itself, for every kind it belongs to at any
// depth and for what is made from it: cointreau for triple sec and orange
// liqueur, bourbon for whiskey, limes for lime juice. A kind held as such
// ("whiskey") is one bottle of that kind, not all of its members: it
// stands in for recipes that ask for any whiskey, not for those that name
// bourbon or rye.
func (c *Catalog) MakeableWith(have []string) []Makeable {
	covered := c.covered(have)
	var ready, oneAway []Makeable
	for i, cocktail := range c.cocktails {
		switch missing := c.missing(i, covered, 2); len(missing) {
		case 0:
			ready = append(ready, Makeable{Liked: Liked{Cocktail: cocktail}, Missing: []string{}})
		case 1:
			oneAway = append(oneAway, Makeable{Liked: Liked{Cocktail: cocktail}, Missing: []string{c.names[missing[0]]}})
		}
	}
	return append(ready, oneAway...)
}

// covered is, per ingredient, whether holding have stands in for it.
// Names that are not the catalog's stand in for nothing.
func (c *Catalog) covered(have []string) []bool {
	covered := make([]bool, len(c.names))
	for _, name := range have {
		if x, ok := c.lookup(name); ok {
			for _, y := range c.makes[x] {
				covered[y] = true
			}
		}
	}
	return covered
}

// missing lists the ingredients of cocktail i that covered lacks, each
// once, stopping at limit of them.
func (c *Catalog) missing(i int, covered []bool, limit int) []int32 {
	var missing []int32
	for _, x := range c.recipes[i] {
		if !covered[x] && !slices.Contains(missing, x) {
			missing = append(missing, x)
			if len(missing) == limit {
				break
			}
		}
	}
	return missing
}

// Purchase is an ingredient a bar lacks and the cocktails it would add to
// what the bar makes.
type Purchase struct {
	Ingredient string        `json:"ingredient"`
	Makes      int           `json:"makes"` // how many cocktails it adds
	Cocktails  []CocktailRef `json:"cocktails"`
}

// CocktailRef names a cocktail without the rest of it.
type CocktailRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Shopping returns what the account should buy next: see ShoppingWith.
func (s *Store) Shopping(fingerprint string, n int) []Purchase {
	return s.catalog.ShoppingWith(s.barAndAtHand(fingerprint), n)
}

// ShoppingWith returns the n ingredients (every one when n <= 0) that
// would each let a bar holding have make the most cocktails it cannot make
// yet, most first, ties by how many recipes call for them, then by name: one bottle more completes a cocktail when
// it stands in for everything the cocktail still lacks (cointreau
// completes a margarita that lacks triple sec, limes a daiquiri that
// lacks lime juice).
func (c *Catalog) ShoppingWith(have []string, n int) []Purchase {
	covered := c.covered(have)
	adds := map[int32][]int{}
	for i := range c.cocktails {
		missing := c.missing(i, covered, len(c.recipes[i]))
		if len(missing) == 0 {
			continue
		}
		candidates := c.madeBy[missing[0]]
		for _, x := range missing[1:] {
			if candidates = intersect(candidates, c.madeBy[x]); len(candidates) == 0 {
				break
			}
		}
		for _, x := range candidates {
			adds[x] = append(adds[x], i)
		}
	}
	purchases := make([]Purchase, 0, len(adds))
	calledFor := make(map[string]int, len(adds))
	for x, cocktails := range adds {
		calledFor[c.names[x]] = c.used[x]
		p := Purchase{Ingredient: c.names[x], Makes: len(cocktails), Cocktails: make([]CocktailRef, len(cocktails))}
		for j, i := range cocktails {
			p.Cocktails[j] = CocktailRef{ID: c.cocktails[i].ID, Name: c.cocktails[i].Name}
		}
		purchases = append(purchases, p)
	}
	// Of two that add as many, the one more recipes call for is the better
	// buy: vodka before bison grass vodka.
	slices.SortFunc(purchases, func(a, b Purchase) int {
		return cmp.Or(cmp.Compare(b.Makes, a.Makes), cmp.Compare(calledFor[b.Ingredient], calledFor[a.Ingredient]), strings.Compare(a.Ingredient, b.Ingredient))
	})
	if n > 0 && len(purchases) > n {
		purchases = purchases[:n]
	}
	return purchases
}

// Top returns the n most liked cocktails (all liked ones when n <= 0), most
// likes first, ties alphabetical. Cocktails nobody likes are left out.
func (s *Store) Top(n int) []Liked {
	s.mu.RLock()
	top := make([]Liked, 0, len(s.counts))
	for id, count := range s.counts {
		if count == 0 {
			continue
		}
		if c, ok := s.catalog.Cocktail(id); ok {
			top = append(top, Liked{Cocktail: c, Likes: count})
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(top, func(a, b Liked) int {
		return cmp.Or(cmp.Compare(b.Likes, a.Likes), strings.Compare(fold(a.Name), fold(b.Name)))
	})
	if n > 0 && len(top) > n {
		top = top[:n]
	}
	return top
}
