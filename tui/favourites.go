package tui

import (
	"barkeep/data"
	"barkeep/store"
)

// favouritesView lists the cocktails this account likes, newest first,
// then those it likes that the catalog served now lacks: marked, and
// there to be unliked.
type favouritesView struct {
	list   cocktailList
	onMenu []data.Cocktail // the list's cocktails that the catalog has
}

// offMenuNote marks a liked cocktail the catalog served now lacks.
const offMenuNote = "not on the menu now"

func (v *favouritesView) refresh(s *store.Store, fingerprint string) {
	v.onMenu = s.Favourites(fingerprint)
	offMenu := s.LikedOffMenu(fingerprint)
	if len(offMenu) == 0 {
		v.list.notes = nil
		v.list.setItems(v.onMenu)
	} else {
		items := append(make([]data.Cocktail, 0, len(v.onMenu)+len(offMenu)), v.onMenu...)
		v.list.notes = make(map[string]string, len(offMenu))
		for _, id := range offMenu {
			// Only the id of a cocktail off the menu is known.
			items = append(items, data.Cocktail{ID: id, Name: id})
			v.list.notes[id] = offMenuNote
		}
		v.list.setItems(items)
	}
	v.list.setSize(v.list.width, v.list.height) // notes take a wider column
}

func (v *favouritesView) view(st *Styles, l likeInfo) string {
	return v.list.viewOrHint(st, l, "Nothing here yet: press l on a cocktail to like it.")
}
