package store

import "time"

// apply brings memory up to a change from the backend's feed, and tells the
// subscribers that watch a cocktail whose likes it changed. A change that
// changes nothing, such as this process's own write coming back, tells
// nobody.
func (s *Store) apply(c Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.Kind {
	case ChangeAccount:
		before, known := s.accounts[c.Account.Fingerprint]
		s.accounts[c.Account.Fingerprint] = c.Account
		if known && before.Name != c.Account.Name {
			s.notifyRenameLocked(c.Account.Fingerprint)
		}
	case ChangeLike:
		if s.setLikeLocked(c.Fingerprint, c.CocktailID, c.Liked, c.At) {
			s.notifyLocked(c.CocktailID)
		}
	case ChangeBar:
		for _, ing := range c.Ingredients {
			if c.InBar {
				s.addToBarLocked(c.Fingerprint, ing)
			} else {
				delete(s.bars[c.Fingerprint], ing)
			}
		}
	case ChangeToken:
		s.tokens.apply(c.Token, c.TokenOp)
	case ChangeResync:
		before := s.accounts
		s.tokens.replace(c.Records.Tokens)
		for _, id := range s.replaceLocked(c.Records) {
			s.notifyLocked(id)
		}
		for fingerprint, account := range s.accounts {
			if was, known := before[fingerprint]; known && was.Name != account.Name {
				s.notifyRenameLocked(fingerprint)
			}
		}
	}
}

// setLikeLocked sets one like and says whether it changed. A like that is
// already there keeps its time: the first like's, as the backends keep it.
func (s *Store) setLikeLocked(fingerprint, cocktailID string, like bool, at time.Time) bool {
	_, had := s.likes[fingerprint][cocktailID]
	switch {
	case like && !had:
		s.addLikeLocked(fingerprint, cocktailID, at)
	case !like && had:
		delete(s.likes[fingerprint], cocktailID)
		s.counts[cocktailID]--
	default:
		return false
	}
	return true
}

// replaceLocked makes memory hold exactly the records, and returns the
// cocktails whose likes differ from before, when anyone listens.
func (s *Store) replaceLocked(r *Records) (changed []string) {
	accounts := make(map[string]Account, len(r.Accounts))
	for _, a := range r.Accounts {
		accounts[a.Fingerprint] = a
	}
	likes := make(map[string]map[string]time.Time, len(r.Accounts))
	counts := map[string]int{}
	for _, l := range r.Likes {
		mine := likes[l.Fingerprint]
		if mine == nil {
			mine = map[string]time.Time{}
			likes[l.Fingerprint] = mine
		}
		mine[l.CocktailID] = l.At
		counts[l.CocktailID]++
	}
	bars := map[string]map[string]struct{}{}
	for _, b := range r.Bars {
		if bars[b.Fingerprint] == nil {
			bars[b.Fingerprint] = map[string]struct{}{}
		}
		bars[b.Fingerprint][b.Ingredient] = struct{}{}
	}
	if len(s.subs) > 0 {
		changed = likesDiffer(s.likes, likes)
	}
	s.accounts, s.likes, s.counts, s.bars = accounts, likes, counts, bars
	return changed
}

// likesDiffer returns the cocktails liked by some account in one set of
// likes and not in the other.
func likesDiffer(before, after map[string]map[string]time.Time) (changed []string) {
	seen := map[string]bool{}
	differ := func(from, to map[string]map[string]time.Time) {
		for fingerprint, mine := range from {
			for id := range mine {
				if _, ok := to[fingerprint][id]; !ok && !seen[id] {
					seen[id] = true
					changed = append(changed, id)
				}
			}
		}
	}
	differ(before, after)
	differ(after, before)
	return changed
}
