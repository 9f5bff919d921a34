package tui

import (
	"strings"

	"barkeep/store"
)

// favouritesView lists the cocktails this account likes, newest first.
type favouritesView struct {
	list cocktailList
}

func (v *favouritesView) refresh(s *store.Store, fingerprint string) {
	v.list.setItems(s.Favourites(fingerprint))
}

func (v favouritesView) view(st Styles, l likeInfo) string {
	if len(v.list.items) > 0 {
		return v.list.view(st, l)
	}
	lines := make([]string, v.list.height)
	lines[0] = st.Hint.Render(pad("Nothing here yet: press l on a cocktail to like it.", v.list.width))
	return strings.Join(lines, "\n")
}
