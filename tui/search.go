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
// matched ("cognac" in the Sidecar for brandy).
type searchPage struct {
	listPage
	input  lazyInput
	result store.SearchResult

	// matched caches each row's note, worked out once per result for the
	// rows that are shown; completions caches what Complete answered for
	// the terms of what is typed, which every frame shows.
	matched     map[string]string
	completions map[string][]string

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
	p.matched = map[string]string{}
	clear(p.completions)
	p.list.setItems(p.result.Cocktails())
}

// matchedIn is the note of a result's row: its ingredients that the terms
// matched, each by its name in the recipe.
func (p *searchPage) matchedIn(c data.Cocktail) string {
	if note, ok := p.matched[c.ID]; ok {
		return note
	}
	note := strings.Join(p.result.Matching(c), ", ")
	p.matched[c.ID] = note
	return note
}

// complete takes the suggestion for a term that names no ingredient, when
// there is one; otherwise it replaces the ingredient being typed with the
// catalog's name for it, and pressed again, moves on to the next candidate
// for what was typed.
func (p *searchPage) complete() {
	if p.takeSuggestion() {
		return
	}
	value := p.input.Value()
	prefix, partial := p.lastTerm(value)
	candidate, ok := p.completion.next(value, func() []string { return p.completionsOf(partial) })
	if !ok {
		return
	}
	p.completion.completed = prefix + candidate
	p.input.SetValue(p.completion.completed)
	p.input.CursorEnd()
	p.search(p.completion.completed)
}

// completionsOf is what the catalog completes partial to, asked once for
// each input.
func (p *searchPage) completionsOf(partial string) []string {
	if names, ok := p.completions[partial]; ok {
		return names
	}
	if p.completions == nil {
		p.completions = map[string][]string{}
	}
	names := p.c.store.Catalog().Complete(partial)
	p.completions[partial] = names
	return names
}

// suggestion is the first unknown term that has a suggestion, and the
// ingredient suggested.
func (p *searchPage) suggestion() (term, suggested string, ok bool) {
	for i, term := range p.result.Unknown {
		if len(p.result.Suggestions[i]) > 0 {
			return term, p.result.Suggestions[i][0], true
		}
	}
	return "", "", false
}

// takeSuggestion replaces the first unknown term that has a suggestion
// with the nearest ingredient, and says whether there was one.
func (p *searchPage) takeSuggestion() bool {
	term, suggested, ok := p.suggestion()
	if !ok {
		return false
	}
	parts := strings.Split(p.input.Value(), ",")
	for j, part := range parts {
		// A term of the search may be a run of words of a part typed
		// without commas ("gin campri").
		words := " " + strings.Join(strings.Fields(part), " ") + " "
		if at := strings.Index(words, " "+term+" "); at >= 0 {
			parts[j] = strings.TrimSpace(words[:at+1] + suggested + words[at+1+len(term):])
			for k := range parts {
				parts[k] = strings.TrimSpace(parts[k])
			}
			value := strings.Join(parts, ", ")
			p.completion = completion{}
			p.input.SetValue(value)
			p.input.CursorEnd()
			p.search(value)
			return true
		}
	}
	return false
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
	if words := strings.Fields(partial); len(words) > 1 && len(p.completionsOf(partial)) == 0 {
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
		return st.error.wrap(texts.Sentence(texts.UnknownIngredientError{Terms: r.Unknown, Suggestions: r.Suggestions}.Error()))
	case r.Len() == 0:
		return st.hint.wrap("No cocktail has all of " + terms + ".")
	}
	return st.hint.wrap(fmt.Sprintf("%s with %s", texts.Count(r.Len(), "cocktail", "cocktails"), terms))
}

// candidates lists what tab would complete the ingredient being typed to,
// or the ingredient it would take for a typo.
func (p *searchPage) candidates() string {
	if !p.typing() {
		return ""
	}
	if _, suggested, ok := p.suggestion(); ok {
		return p.c.styles.hint.wrap(ansi.Truncate("tab: "+suggested, p.column, "…"))
	}
	_, partial := p.lastTerm(p.input.Value())
	names := p.completionsOf(partial)
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
