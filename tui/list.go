package tui

import (
	"fmt"

	"barkeep/store"

	tea "charm.land/bubbletea/v2"
)

// catalogView is the home screen: every cocktail, alphabetical, with a
// filter by name.
type catalogView struct {
	catalog *store.Catalog
	list    cocktailList
	filter  lazyInput
}

func newCatalogView(catalog *store.Catalog) catalogView {
	v := catalogView{catalog: catalog, filter: newInput("Filter › ", "part of a name", 64)}
	v.list.setItems(catalog.All())
	return v
}

func (v *catalogView) typing() bool { return v.filter.Focused() }

// filtering says whether the filter line is on screen: while typing, or
// while a filter is applied.
func (v *catalogView) filtering() bool { return v.typing() || v.filter.Value() != "" }

func (v *catalogView) startFilter() tea.Cmd {
	return v.filter.Focus()
}

func (v *catalogView) applyFilter() {
	v.filter.Blur()
}

func (v *catalogView) clearFilter() {
	if !v.filtering() {
		return
	}
	v.filter.Blur()
	v.filter.SetValue("")
	v.list.setItems(v.catalog.All())
}

func (v *catalogView) update(msg tea.Msg) tea.Cmd {
	if !v.typing() {
		return nil
	}
	before := v.filter.Value()
	cmd := v.filter.Update(msg)
	if v.filter.Value() != before {
		v.list.setItems(v.catalog.FilterByName(v.filter.Value()))
	}
	return cmd
}

// setSize takes the body's size: the list gets what the filter line leaves.
func (v *catalogView) setSize(width, height int) {
	v.filter.SetWidth(max(width-len([]rune(v.filter.prompt))-1, 1))
	if v.filtering() {
		height--
	}
	v.list.setSize(width, height)
}

func (v *catalogView) title() string {
	if v.filter.Value() != "" {
		return fmt.Sprintf("Cocktails matching %q", v.filter.Value())
	}
	return "All cocktails"
}

func (v *catalogView) view(st *Styles, l likeInfo) string {
	rows := v.list.view(st, l)
	if len(v.list.items) == 0 {
		rows = st.Hint.Render(pad("No cocktail name contains that. Esc clears the filter.", v.list.width))
		for range v.list.height - 1 {
			rows += "\n"
		}
	}
	if !v.filtering() {
		return rows
	}
	return v.filter.View() + "\n" + rows
}
