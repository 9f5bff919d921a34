package tui

import (
	"fmt"
	"strings"

	"barkeep/store"

	tea "charm.land/bubbletea/v2"
)

// searchView finds the cocktails that contain every ingredient typed,
// updating as the user types.
type searchView struct {
	catalog *store.Catalog
	input   lazyInput
	result  store.SearchResult
	list    cocktailList

	completion completion
}

func newSearchView(catalog *store.Catalog) searchView {
	return searchView{catalog: catalog, input: newInput("Ingredients › ", "gin, campari", 256)}
}

func (v *searchView) typing() bool { return v.input.Focused() }

func (v *searchView) focus() tea.Cmd { return v.input.Focus() }

func (v *searchView) blur() { v.input.Blur() }

func (v *searchView) update(msg tea.Msg) tea.Cmd {
	before := v.input.Value()
	cmd := v.input.Update(msg)
	if v.input.Value() != before {
		v.result = v.catalog.Search(v.input.Value())
		v.list.setItems(v.result.Cocktails())
	}
	return cmd
}

// complete replaces the ingredient being typed with the catalog's name for
// it; pressed again, it moves on to the next candidate for what was typed.
func (v *searchView) complete() {
	value := v.input.Value()
	cut := strings.LastIndex(value, ",") + 1
	candidate, ok := v.completion.next(value, func() []string {
		return v.catalog.Complete(strings.TrimSpace(value[cut:]))
	})
	if !ok {
		return
	}
	prefix := value[:cut]
	if cut > 0 {
		prefix = strings.TrimRight(prefix, " ") + " "
	}
	v.completion.completed = prefix + candidate
	v.input.SetValue(v.completion.completed)
	v.input.CursorEnd()
	v.result = v.catalog.Search(v.completion.completed)
	v.list.setItems(v.result.Cocktails())
}

// searchHeaderLines is what sits above the results: the input, a summary
// line and a blank line.
const searchHeaderLines = 3

func (v *searchView) setSize(width, height int) {
	v.input.SetWidth(max(width-len([]rune(v.input.prompt))-1, 1))
	v.list.setSize(width, height-searchHeaderLines)
}

func (v *searchView) summary(st *Styles) string {
	switch {
	case len(v.result.Terms) == 0:
		return st.Hint.Render("Type ingredients, separated by commas. Tab completes.")
	case len(v.result.Unknown) > 0:
		return st.Error.Render(fmt.Sprintf("No ingredient in the bar matches %s.", quoteList(v.result.Unknown)))
	case v.result.Len() == 0:
		return st.Hint.Render("No cocktail has all of " + strings.Join(v.result.Terms, " + ") + ".")
	case v.result.Len() == 1:
		return st.Hint.Render("1 cocktail with " + strings.Join(v.result.Terms, " + "))
	}
	return st.Hint.Render(fmt.Sprintf("%d cocktails with %s", v.result.Len(), strings.Join(v.result.Terms, " + ")))
}

func quoteList(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = "“" + t + "”"
	}
	return strings.Join(quoted, ", ")
}

func (v *searchView) view(st *Styles, l likeInfo) string {
	return strings.Join([]string{
		v.input.View(),
		pad(v.summary(st), v.list.width),
		"",
		v.list.view(st, l),
	}, "\n")
}
