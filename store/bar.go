package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"barkeep/data"
	bolt "go.etcd.io/bbolt"
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
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketBars)
		if err != nil {
			return err
		}
		for _, ing := range changes {
			var err error
			if inBar {
				err = b.Put(pairKey(fingerprint, ing), nil)
			} else {
				err = b.Delete(pairKey(fingerprint, ing))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save bar in %s: %w", s.path, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ing := range changes {
		if inBar {
			s.addToBarLocked(fingerprint, ing)
		} else {
			delete(s.bars[fingerprint], ing)
		}
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
// group alphabetical.
func (s *Store) Makeable(fingerprint string) []Makeable {
	have := map[string]bool{}
	for _, ing := range AlwaysAtHand {
		have[ing] = true
	}
	for _, ing := range s.Bar(fingerprint) {
		have[ing] = true
	}
	makeable := MakeableWith(s.catalog.All(), have)
	for i := range makeable {
		makeable[i].Likes = s.Likes(makeable[i].ID)
	}
	return makeable
}

// MakeableWith returns, from cocktails, those that need nothing beyond have,
// then those that need one ingredient more.
func MakeableWith(cocktails []data.Cocktail, have map[string]bool) []Makeable {
	var ready, oneAway []Makeable
	for _, c := range cocktails {
		var missing []string
		for _, ing := range c.Ingredients {
			if !have[ing.Name] {
				missing = append(missing, ing.Name)
				if len(missing) > 1 {
					break
				}
			}
		}
		switch len(missing) {
		case 0:
			ready = append(ready, Makeable{Liked: Liked{Cocktail: c}, Missing: []string{}})
		case 1:
			oneAway = append(oneAway, Makeable{Liked: Liked{Cocktail: c}, Missing: missing})
		}
	}
	return append(ready, oneAway...)
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
