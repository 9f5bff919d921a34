package tui

import (
	"barkeep/data"
	"barkeep/store"
)

// topView lists the most liked cocktails across everyone, kept live.
type topView struct {
	list cocktailList
}

func (v *topView) refresh(s *store.Store) {
	top := s.Top(0)
	cocktails := make([]data.Cocktail, len(top))
	for i, liked := range top {
		cocktails[i] = liked.Cocktail
	}
	v.list.setItems(cocktails)
}

func (v *topView) view(st *Styles, l likeInfo) string {
	return v.list.viewOrHint(st, l, "Nobody has liked a cocktail yet: press l on one to be the first.")
}
