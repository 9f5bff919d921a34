package tui

import (
	"slices"

	"barkeep/data"

	tea "charm.land/bubbletea/v2"
)

// usesPage lists the cocktails that use one ingredient: enter on it in my
// bar.
type usesPage struct {
	listPage
	ingredient string
}

func newUsesPage(c *common, ingredient string) *usesPage {
	p := &usesPage{listPage: newListPage(c, "No cocktail of the catalog uses it."), ingredient: ingredient}
	var uses []data.Cocktail
	for _, cocktail := range c.store.Catalog().All() {
		if slices.ContainsFunc(cocktail.Ingredients, func(ing data.Ingredient) bool { return ing.Name == ingredient }) {
			uses = append(uses, cocktail)
		}
	}
	p.list.setItems(uses)
	return p
}

func (p *usesPage) header() (string, string) { return "Cocktails with " + p.ingredient, p.list.count() }
func (p *usesPage) resize(width, height int) { p.resizeList(width, height, 0) }
func (p *usesPage) view() string             { return p.beside(0, p.listView()) }
func (p *usesPage) typing() bool             { return false }
func (p *usesPage) shown(buf []string) []string {
	return p.shownRows(buf)
}

func (p *usesPage) update(msg tea.Msg) tea.Cmd {
	p.handle(msg, p.c.keys, 0)
	return nil
}

func (p *usesPage) help() keyHelp { return simpleListHelp(p.c, "uses", len(p.list.items) == 0) }
