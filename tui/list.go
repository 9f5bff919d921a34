package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// catalogPage is the home screen: every cocktail, alphabetical, with a
// filter by name.
type catalogPage struct {
	listPage
	filter lazyInput
}

func newCatalogPage(c *common) *catalogPage {
	p := &catalogPage{
		listPage: newListPage(c, "No cocktail name contains that. Esc clears the filter."),
		filter:   newInput("Filter › ", "part of a name", 64),
	}
	p.filter.SetStyles(&c.styles.Input)
	p.list.setItems(c.store.Catalog().All())
	return p
}

func (p *catalogPage) typing() bool { return p.filter.Focused() }

// filtering says whether the filter line is on screen: while typing, or
// while a filter is applied.
func (p *catalogPage) filtering() bool { return p.typing() || p.filter.Value() != "" }

// back clears the filter, when there is one to clear.
func (p *catalogPage) back() bool {
	if !p.filtering() {
		return false
	}
	p.filter.Blur()
	p.filter.SetValue("")
	p.list.setItems(p.c.store.Catalog().All())
	return true
}

func (p *catalogPage) header() (string, string) {
	if p.filter.Value() != "" {
		return fmt.Sprintf("Cocktails matching %q", p.filter.Value()), p.list.count()
	}
	return "All cocktails", p.list.count()
}

func (p *catalogPage) aboveList() int {
	if p.filtering() {
		return 1
	}
	return 0
}

func (p *catalogPage) resize(width, height int) {
	p.resizeList(width, height, p.aboveList())
	p.filter.SetWidth(max(p.column-len([]rune(p.filter.prompt))-1, 1))
}

func (p *catalogPage) view() string {
	if !p.filtering() {
		return p.beside(0, p.listView())
	}
	return p.beside(1, p.filter.View()+"\n"+p.listView())
}

func (p *catalogPage) update(msg tea.Msg) tea.Cmd {
	name, k := nameOf(msg), p.c.keys
	if p.typing() {
		typing := p.c.typingKeys
		switch {
		case key.Matches(name, typing.Back):
			p.back()
			return nil
		case key.Matches(name, typing.Apply):
			p.filter.Blur()
			return nil
		case p.handle(msg, typing, p.aboveList()):
			return nil
		}
		before := p.filter.Value()
		cmd := p.filter.Update(msg)
		if p.filter.Value() != before {
			p.list.setItems(p.c.store.Catalog().FilterByName(p.filter.Value()))
		}
		return cmd
	}
	if key.Matches(name, k.Filter) {
		p.back() // a filter opened again starts empty
		return p.filter.Focus()
	}
	p.handle(msg, k, p.aboveList())
	return nil
}

func (p *catalogPage) help() keyHelp {
	k := &p.c.keys
	switch {
	case p.typing():
		return p.c.helpFor("catalog/typing", func() keyHelp { return typingHelp(k.Move, k.Apply, k.Back, k.ForceQuit) })
	case len(p.list.items) == 0:
		return p.c.helpFor("catalog/empty", func() keyHelp { return listHelp(*k, true, k.Filter) })
	}
	return p.c.helpFor("catalog", func() keyHelp { return listHelp(*k, false, k.Filter) })
}

func (p *catalogPage) shown(buf []string) []string { return p.shownRows(buf) }
