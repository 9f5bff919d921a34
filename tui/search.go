package tui

import (
	"fmt"
	"strings"

	"barkeep/data"
	"barkeep/store"
	"barkeep/texts"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// searchPage finds the cocktails that contain every ingredient typed,
// updating as the user types; each row says which of its ingredients
// matched.
type searchPage struct {
	listPage
	input  lazyInput
	result store.SearchResult

	// termNames holds, for each term searched for, the ingredient names it
	// stands for, best first; matched caches each row's note.
	termNames [][]string
	matched   map[string]string

	completion completion
}

func newSearchPage(c *common) *searchPage {
	p := &searchPage{
		listPage: newListPage(c, ""),
		input:    newInput("Ingredients › ", "gin, campari", 256),
	}
	p.input.SetStyles(&c.styles.Input)
	p.list.note = p.matchedIn
	p.list.noted = true
	return p
}

// start opens the input again, empty: a new search.
func (p *searchPage) start() tea.Cmd {
	p.input.SetValue("")
	p.search("")
	return p.input.Focus()
}

func (p *searchPage) typing() bool { return p.input.Focused() }

func (p *searchPage) search(typed string) {
	catalog := p.c.store.Catalog()
	p.result = catalog.Search(texts.SearchQuery(catalog, typed))
	p.termNames = p.termNames[:0]
	for _, term := range p.result.Terms {
		name, matches := catalog.ResolveIngredient(term)
		if name != "" {
			matches = []string{name}
		}
		p.termNames = append(p.termNames, append(matches, catalog.Complete(term)...))
	}
	p.matched = map[string]string{}
	p.list.setItems(p.result.Cocktails())
}

// matchedIn is the note of a result's row: its ingredients that the terms
// stand for.
func (p *searchPage) matchedIn(c data.Cocktail) string {
	if note, ok := p.matched[c.ID]; ok {
		return note
	}
	var found []string
	for _, names := range p.termNames {
	term:
		for _, name := range names {
			for _, ing := range c.Ingredients {
				if ing.Name == name {
					found = append(found, name)
					break term
				}
			}
		}
	}
	note := strings.Join(found, ", ")
	p.matched[c.ID] = note
	return note
}

// complete replaces the ingredient being typed with the catalog's name for
// it; pressed again, it moves on to the next candidate for what was typed.
func (p *searchPage) complete() {
	value := p.input.Value()
	prefix, partial := p.lastTerm(value)
	candidate, ok := p.completion.next(value, func() []string { return p.c.store.Catalog().Complete(partial) })
	if !ok {
		return
	}
	p.completion.completed = prefix + candidate
	p.input.SetValue(p.completion.completed)
	p.input.CursorEnd()
	p.search(p.completion.completed)
}

// lastTerm cuts what is typed into what stays as it is and the ingredient
// being typed: after the last comma, or the last word when the words
// before it name ingredients of their own.
func (p *searchPage) lastTerm(value string) (prefix, partial string) {
	cut := strings.LastIndex(value, ",") + 1
	prefix, partial = value[:cut], strings.TrimSpace(value[cut:])
	if cut > 0 {
		prefix = strings.TrimRight(prefix, " ") + " "
	}
	if words := strings.Fields(partial); len(words) > 1 && len(p.c.store.Catalog().Complete(partial)) == 0 {
		last := words[len(words)-1]
		prefix += strings.Join(words[:len(words)-1], " ") + " "
		partial = last
	}
	return prefix, partial
}

// searchHeaderLines is what sits above the results: the input, a summary
// line and the completion's candidates (or a blank line).
const searchHeaderLines = 3

func (p *searchPage) resize(width, height int) {
	p.resizeList(width, height, searchHeaderLines)
	p.input.SetWidth(max(p.column-len([]rune(p.input.prompt))-1, 1))
}

func (p *searchPage) header() (string, string) { return "Search by ingredient", "" }

func (p *searchPage) summary() string {
	st, r := p.c.styles, p.result
	terms := strings.Join(r.Terms, " + ")
	switch {
	case len(r.Terms) == 0:
		return st.hint.wrap("Type ingredients: gin, campari. Tab completes.")
	case len(r.Unknown) > 0:
		return st.error.wrap(texts.Sentence(texts.UnknownIngredientError{Terms: r.Unknown}.Error()))
	case r.Len() == 0:
		return st.hint.wrap("No cocktail has all of " + terms + ".")
	}
	return st.hint.wrap(fmt.Sprintf("%s with %s", texts.Count(r.Len(), "cocktail", "cocktails"), terms))
}

// candidates lists what tab would complete the ingredient being typed to.
func (p *searchPage) candidates() string {
	if !p.typing() {
		return ""
	}
	_, partial := p.lastTerm(p.input.Value())
	names := p.c.store.Catalog().Complete(partial)
	if partial == "" || len(names) == 0 || len(names) == 1 && names[0] == partial {
		return ""
	}
	return p.c.styles.hint.wrap(ansi.Truncate("tab: "+strings.Join(names, " · "), p.column, "…"))
}

func (p *searchPage) view() string {
	// A long summary takes the candidates' line.
	summary := p.summary()
	below := p.candidates()
	if lines := strings.Split(ansi.Wrap(summary, p.column, ""), "\n"); len(lines) > 1 {
		summary, below = lines[0], ansi.Truncate(strings.Join(lines[1:], " "), p.column, "…")
	}
	return p.beside(searchHeaderLines, strings.Join([]string{p.input.View(), summary, below, p.listView()}, "\n"))
}

func (p *searchPage) update(msg tea.Msg) tea.Cmd {
	name := nameOf(msg)
	if !p.typing() {
		p.handle(msg, p.c.keys, searchHeaderLines)
		return nil
	}
	typing := p.c.typingKeys
	switch {
	case key.Matches(name, typing.Back):
		// Leave the input for the results, or the page when there are
		// none to look at.
		p.input.Blur()
		if len(p.list.items) == 0 {
			p.c.nav.back()
		}
		return nil
	case key.Matches(name, typing.Complete):
		p.complete()
		return nil
	case key.Matches(name, typing.Open):
		p.input.Blur()
		p.openSelected()
		return nil
	case p.handle(msg, typing, searchHeaderLines):
		return nil
	}
	before := p.input.Value()
	cmd := p.input.Update(msg)
	if p.input.Value() != before {
		p.search(p.input.Value())
	}
	return cmd
}

func (p *searchPage) help() keyHelp {
	k := &p.c.keys
	switch {
	case p.typing() && len(p.list.items) == 0:
		return p.c.helpFor("search/typing/empty", func() keyHelp { return typingHelp(k.Complete, k.Back, k.ForceQuit) })
	case p.typing():
		return p.c.helpFor("search/typing", func() keyHelp { return typingHelp(k.Complete, k.Move, k.Open, k.Back, k.ForceQuit) })
	}
	return simpleListHelp(p.c, "search", len(p.list.items) == 0)
}

func (p *searchPage) shown(buf []string) []string { return p.shownRows(buf) }
