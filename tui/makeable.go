package tui

import (
	"fmt"

	"barkeep/data"
	"barkeep/store"
)

// makeableView lists what this account can make from its bar, then what it
// is one ingredient away from, naming that ingredient.
type makeableView struct {
	list  cocktailList
	ready []data.Cocktail // the ones that need nothing more
}

func (v *makeableView) refresh(s *store.Store, fingerprint string) {
	makeable := s.Makeable(fingerprint)
	cocktails := make([]data.Cocktail, len(makeable))
	notes := make(map[string]string, len(makeable))
	v.ready = nil
	for i, m := range makeable {
		cocktails[i] = m.Cocktail
		if len(m.Missing) == 0 {
			notes[m.ID] = "✓ ready"
			v.ready = append(v.ready, m.Cocktail)
		} else {
			notes[m.ID] = "needs " + m.Missing[0]
		}
	}
	v.list.notes = notes
	v.list.setItems(cocktails)
}

func (v *makeableView) title() string {
	return fmt.Sprintf("What I can make: %d now, %d one away", len(v.ready), len(v.list.items)-len(v.ready))
}

func (v *makeableView) view(st *Styles, l likeInfo) string {
	return v.list.viewOrHint(st, l, "Nothing within reach yet: press b to stock your bar.")
}
