package tui

import (
	"fmt"
	"strings"

	"barkeep/keys"
	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// barView is "my bar": the ingredients this account has at home, with an
// input that adds more (completed from the catalog's names).
type barView struct {
	catalog *store.Catalog
	input   lazyInput
	items   []string
	selection
	width int

	completion completion
}

// barSavedMsg reports the end of a change to the bar.
type barSavedMsg struct {
	ingredient string
	added      bool
	err        error
}

func newBarView(catalog *store.Catalog) barView {
	return barView{catalog: catalog, input: newInput("Add › ", "an ingredient you have, e.g. gin", 64)}
}

func (v *barView) typing() bool { return v.input.Focused() }

func (v *barView) focus() tea.Cmd { return v.input.Focus() }

func (v *barView) blur() { v.input.Blur() }

func (v *barView) refresh(s *store.Store, fingerprint string) {
	v.items = s.Bar(fingerprint)
	v.cursor = max(0, min(v.cursor, len(v.items)-1))
	v.scrollToCursor(len(v.items))
}

func (v *barView) update(msg tea.Msg) tea.Cmd {
	return v.input.Update(msg)
}

// complete replaces what is typed with the catalog's ingredient name for it,
// the next candidate on each press.
func (v *barView) complete() {
	value := v.input.Value()
	candidate, ok := v.completion.next(value, func() []string { return v.catalog.Complete(value) })
	if !ok {
		return
	}
	v.completion.completed = candidate
	v.input.SetValue(candidate)
	v.input.CursorEnd()
}

// resolve turns what is typed into one catalog ingredient, or a message
// saying why it cannot.
func (v *barView) resolve() (ingredient, problem string) {
	typed := strings.TrimSpace(v.input.Value())
	if typed == "" {
		return "", ""
	}
	name, matches := v.catalog.ResolveIngredient(typed)
	switch {
	case name != "":
		return name, ""
	case len(matches) == 0:
		return "", fmt.Sprintf("No ingredient in the catalog matches “%s”.", typed)
	}
	return "", fmt.Sprintf("“%s” could be %s: tab picks one.", typed, strings.Join(matches[:min(3, len(matches))], ", "))
}

func (v *barView) selected() (string, bool) {
	if v.cursor < 0 || v.cursor >= len(v.items) {
		return "", false
	}
	return v.items[v.cursor], true
}

func (v *barView) navigate(name keyName, km keys.KeyMap) bool {
	return v.selection.navigate(name, km, len(v.items))
}

// setSize takes the body's size: the input and a blank line sit above the
// ingredients.
func (v *barView) setSize(width, height int) {
	v.width, v.height = width, max(height-2, 1)
	v.input.SetWidth(max(width-len([]rune(v.input.prompt))-1, 1))
	v.scrollToCursor(len(v.items))
}

func (v *barView) title() string {
	switch len(v.items) {
	case 0:
		return "My bar"
	case 1:
		return "My bar: 1 ingredient"
	}
	return fmt.Sprintf("My bar: %d ingredients", len(v.items))
}

func (v *barView) view(st *Styles) string {
	lines := []string{v.input.View(), ""}
	if len(v.items) == 0 {
		lines = append(lines, st.Hint.Render(pad("Your bar is empty: type what you have at home.", v.width)))
	}
	for i := v.offset; i < len(v.items) && i < v.offset+v.height; i++ {
		lines = append(lines, v.row(st, i))
	}
	for len(lines) < v.height+2 {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// notInCatalogNote marks an ingredient of the bar that the catalog served
// now lacks: kept for a catalog that has it, and there to be taken out.
const notInCatalogNote = "  not in this catalog"

func (v *barView) row(st *Styles, i int) string {
	name, note := v.items[i], ""
	if !v.catalog.HasIngredient(name) {
		note = notInCatalogNote
	}
	if i == v.cursor && !v.typing() {
		return padSpan(st.rowSelected, "▸ "+name+note, v.width)
	}
	nameWidth := v.width - 2
	if note != "" {
		nameWidth = min(nameWidth, ansi.StringWidth(name))
	}
	return "  " + padSpan(st.rowName, name, nameWidth) + padSpan(st.rowBase, note, v.width-2-nameWidth)
}
