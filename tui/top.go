package tui

import (
	"barkeep/data"

	tea "charm.land/bubbletea/v2"
)

// topPage lists the most liked cocktails across everyone, kept live.
type topPage struct {
	listPage
}

func newTopPage(c *common) *topPage {
	return &topPage{listPage: newListPage(c, "Nobody has liked a cocktail yet: press l on one to be the first.")}
}

func (p *topPage) refresh() {
	top := p.c.store.Top(0)
	cocktails := make([]data.Cocktail, len(top))
	for i, liked := range top {
		cocktails[i] = liked.Cocktail
	}
	p.list.setItems(cocktails)
}

func (p *topPage) header() (string, string) { return "Most liked", p.list.count() }
func (p *topPage) resize(width, height int) { p.resizeList(width, height, 0) }
func (p *topPage) view() string             { return p.beside(0, p.listView()) }
func (p *topPage) typing() bool             { return false }

// shown is nil: a like anywhere may reorder the ranking.
func (p *topPage) shown([]string) []string { return nil }

func (p *topPage) update(msg tea.Msg) tea.Cmd {
	p.handle(msg, p.c.keys, 0)
	return nil
}

func (p *topPage) help() keyHelp { return simpleListHelp(p.c, "top", len(p.list.items) == 0) }
