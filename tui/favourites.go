package tui

import (
	"barkeep/data"

	tea "charm.land/bubbletea/v2"
)

// favouritesPage lists the cocktails this account likes, newest first,
// then those it likes that the catalog served now lacks: marked, and
// there to be unliked.
type favouritesPage struct {
	listPage
	onMenu  []data.Cocktail     // the list's cocktails that the catalog has
	offMenu map[string]struct{} // the ids of the others
}

// offMenuNote marks a liked cocktail the catalog served now lacks.
const offMenuNote = "not on the menu now"

func newFavouritesPage(c *common) *favouritesPage {
	p := &favouritesPage{listPage: newListPage(c, "Nothing here yet: press l on a cocktail to like it.")}
	p.list.note = func(c data.Cocktail) string {
		if _, off := p.offMenu[c.ID]; off {
			return offMenuNote
		}
		return c.Base
	}
	// r draws, and the cards opened here draw, only from what is on the menu.
	p.drawFrom = func() []data.Cocktail { return p.onMenu }
	return p
}

func (p *favouritesPage) refresh() {
	fingerprint := p.c.fingerprint
	p.onMenu = p.c.store.Favourites(fingerprint)
	offMenu := p.c.store.LikedOffMenu(fingerprint)
	p.offMenu, p.list.noted = nil, len(offMenu) > 0
	items := p.onMenu
	if len(offMenu) > 0 {
		items = append(make([]data.Cocktail, 0, len(p.onMenu)+len(offMenu)), p.onMenu...)
		p.offMenu = make(map[string]struct{}, len(offMenu))
		for _, id := range offMenu {
			// Only the id of a cocktail off the menu is known.
			items = append(items, data.Cocktail{ID: id, Name: id})
			p.offMenu[id] = struct{}{}
		}
	}
	p.list.setItems(items)
}

func (p *favouritesPage) header() (string, string) { return "My favourites", p.list.count() }
func (p *favouritesPage) resize(width, height int) { p.resizeList(width, height, 0) }
func (p *favouritesPage) view() string             { return p.beside(0, p.listView()) }
func (p *favouritesPage) typing() bool             { return false }
func (p *favouritesPage) shown(buf []string) []string {
	return p.shownRows(buf)
}

func (p *favouritesPage) update(msg tea.Msg) tea.Cmd {
	p.handle(msg, p.c.keys, 0)
	return nil
}

func (p *favouritesPage) help() keyHelp {
	return simpleListHelp(p.c, "favourites", len(p.list.items) == 0)
}
