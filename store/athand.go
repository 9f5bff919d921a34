package store

// AtHand returns the catalog's ingredients that the account's bar stands
// in for, by the rule of MakeableWith, with what is always at hand; nil
// when the bar is empty. A card ticks its ingredients by it, so that it
// agrees with what the account can make.
func (s *Store) AtHand(fingerprint string) map[string]bool {
	bar := s.Bar(fingerprint)
	if len(bar) == 0 {
		return nil
	}
	atHand := map[string]bool{}
	for x, covered := range s.catalog.covered(append(bar, AlwaysAtHand...)) {
		if covered {
			atHand[s.catalog.names[x]] = true
		}
	}
	return atHand
}
