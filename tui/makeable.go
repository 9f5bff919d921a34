package tui

import (
	"strconv"

	"barkeep/data"

	tea "charm.land/bubbletea/v2"
)

// makeablePage lists what this account can make from its bar, then what
// it is one ingredient away from, naming that ingredient.
type makeablePage struct {
	listPage
	notes map[string]string
	ready []data.Cocktail // the ones that need nothing more
}

func newMakeablePage(c *common) *makeablePage {
	p := &makeablePage{listPage: newListPage(c, "Nothing within reach yet: press b to stock your bar.")}
	p.list.note = func(c data.Cocktail) string { return p.notes[c.ID] }
	p.list.noted = true
	// r draws, and the cards opened here draw, only what I can make now.
	p.drawFrom = func() []data.Cocktail { return p.ready }
	return p
}

func (p *makeablePage) refresh() {
	makeable := p.c.store.Makeable(p.c.fingerprint)
	cocktails := make([]data.Cocktail, len(makeable))
	p.notes = make(map[string]string, len(makeable))
	p.ready = nil
	for i, m := range makeable {
		cocktails[i] = m.Cocktail
		if len(m.Missing) == 0 {
			p.notes[m.ID] = "✓ ready"
			p.ready = append(p.ready, m.Cocktail)
		} else {
			p.notes[m.ID] = "needs " + m.Missing[0]
		}
	}
	p.list.setItems(cocktails)
}

// countOf is a count of something whose noun does not change: "2 now".
func countOf(n int, what string) string { return strconv.Itoa(n) + " " + what }

func (p *makeablePage) header() (string, string) {
	if len(p.list.items) == 0 {
		return "What I can make", ""
	}
	return "What I can make", countOf(len(p.ready), "now") + " · " + countOf(len(p.list.items)-len(p.ready), "one away")
}

func (p *makeablePage) resize(width, height int) { p.resizeList(width, height, 0) }
func (p *makeablePage) view() string             { return p.beside(0, p.listView()) }
func (p *makeablePage) typing() bool             { return false }
func (p *makeablePage) shown(buf []string) []string {
	return p.shownRows(buf)
}

func (p *makeablePage) update(msg tea.Msg) tea.Cmd {
	p.handle(msg, p.c.keys, 0)
	return nil
}

func (p *makeablePage) help() keyHelp {
	return simpleListHelp(p.c, "makeable", len(p.list.items) == 0)
}
