package tui

import (
	"fmt"
	"strconv"
	"strings"

	"barkeep/data"
	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// makeablePage lists what this account can make from its bar, then what
// it is one ingredient away from, naming that ingredient; below them, room
// permitting, what to buy next: the ingredients that would each add the
// most cocktails.
type makeablePage struct {
	listPage
	notes    map[string]string
	ready    []data.Cocktail  // the ones that need nothing more
	shopping []store.Purchase // best first
}

// shoppingRows is how many ingredients to buy the page names at most.
const shoppingRows = 3

// Body heights from which the page names what to buy: as a heading and
// one ingredient a line, or as one line for the best of them.
const (
	shoppingFullHeight = 14
	shoppingLineHeight = 7
)

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
	p.shopping = p.c.store.Shopping(p.c.fingerprint, shoppingRows)
	p.resize(p.width, p.height)
}

// shoppingLines is how many of the body's lines what to buy takes: a blank
// line, then a heading and its ingredients or a single line.
func (p *makeablePage) shoppingLines(height int) int {
	switch {
	case len(p.shopping) == 0:
		return 0
	case height >= shoppingFullHeight:
		return 2 + len(p.shopping)
	case height >= shoppingLineHeight:
		return 2
	}
	return 0
}

// shoppingView draws what to buy, as wide as the list's column.
func (p *makeablePage) shoppingView() string {
	st := p.c.styles
	lines := []string{""}
	if p.shoppingLines(p.height) == 2 {
		best := p.shopping[0]
		lines = append(lines, st.hint.wrap(pad(fmt.Sprintf("Buy next: %s (+%d: %s)", best.Ingredient, best.Makes, cocktailNames(best)), p.column)))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, st.hint.wrap(pad("Buy next, and what each adds:", p.column)))
	nameWidth := 0
	for _, b := range p.shopping {
		nameWidth = max(nameWidth, min(ansi.StringWidth(b.Ingredient), 24))
	}
	for _, b := range p.shopping {
		name := ansi.Truncate(b.Ingredient, nameWidth, "…")
		row := fmt.Sprintf("  %s%s  +%d  %s", name, strings.Repeat(" ", nameWidth-ansi.StringWidth(name)), b.Makes, cocktailNames(b))
		lines = append(lines, pad(row, p.column))
	}
	return strings.Join(lines, "\n")
}

// cocktailNames lists the cocktails a purchase adds, by name.
func cocktailNames(b store.Purchase) string {
	names := make([]string, len(b.Cocktails))
	for i, c := range b.Cocktails {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// countOf is a count of something whose noun does not change: "2 now".
func countOf(n int, what string) string { return strconv.Itoa(n) + " " + what }

func (p *makeablePage) header() (string, string) {
	if len(p.list.items) == 0 {
		return "What I can make", ""
	}
	return "What I can make", countOf(len(p.ready), "now") + " · " + countOf(len(p.list.items)-len(p.ready), "one away")
}

// resize gives the list the body but for what shopping takes below it.
func (p *makeablePage) resize(width, height int) {
	p.resizeList(width, height, 0)
	p.list.setSize(p.column, p.height-p.shoppingLines(p.height))
}

func (p *makeablePage) view() string {
	if p.shoppingLines(p.height) == 0 {
		return p.beside(0, p.listView())
	}
	return p.beside(0, p.listView()+"\n"+p.shoppingView())
}
func (p *makeablePage) typing() bool { return false }
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
