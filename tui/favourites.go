package tui

import "barkeep/store"

// favouritesView lists the cocktails this account likes, newest first.
type favouritesView struct {
	list cocktailList
}

func (v *favouritesView) refresh(s *store.Store, fingerprint string) {
	v.list.setItems(s.Favourites(fingerprint))
}

func (v *favouritesView) view(st *Styles, l likeInfo) string {
	return v.list.viewOrHint(st, l, "Nothing here yet: press l on a cocktail to like it.")
}
