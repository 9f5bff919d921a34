package tui

import (
	"strings"

	"barkeep/keys"
	"barkeep/texts"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// barPage is "my bar": the ingredients this account has at home, with an
// input that adds more (completed from the catalog's names).
type barPage struct {
	c     *common
	input lazyInput
	items []string
	selection
	width int

	completion completion
}

// barSavedMsg reports the end of a change to the bar.
type barSavedMsg struct {
	ingredients []string
	added       bool
	err         error
}

func newBarPage(c *common) *barPage {
	p := &barPage{c: c, input: newInput("Add › ", "what you have, e.g. gin, campari", 256)}
	p.input.SetStyles(&c.styles.Input)
	return p
}

// start opens the bar, with the input ready when the bar is empty.
func (p *barPage) start() tea.Cmd {
	p.input.SetValue("")
	p.input.Blur()
	if len(p.items) == 0 {
		return p.input.Focus()
	}
	return nil
}

func (p *barPage) typing() bool { return p.input.Focused() }

func (p *barPage) refresh() {
	p.items = p.c.myBar()
	p.cursor = max(0, min(p.cursor, len(p.items)-1))
	p.scrollToCursor(len(p.items))
}

// complete replaces the ingredient being typed with the catalog's name for
// it, the next candidate on each press.
func (p *barPage) complete() {
	value := p.input.Value()
	cut := strings.LastIndex(value, ",") + 1
	prefix := value[:cut]
	if cut > 0 {
		prefix = strings.TrimRight(prefix, " ") + " "
	}
	candidate, ok := p.completion.next(value, func() []string { return p.completions(strings.TrimSpace(value[cut:])) })
	if !ok {
		return
	}
	p.completion.completed = prefix + candidate
	p.input.SetValue(p.completion.completed)
	p.input.CursorEnd()
}

// add saves what is typed, once each of it names an ingredient.
func (p *barPage) add() tea.Cmd {
	if strings.TrimSpace(p.input.Value()) == "" {
		return nil
	}
	catalog := p.c.store.Catalog()
	names, err := texts.ResolveIngredients(catalog.ResolveIngredient, p.input.Value())
	if err != nil {
		p.c.nav.fail(texts.Sentence(texts.Suggesting(err, catalog.Suggest).Error()))
		return nil
	}
	if len(names) == 0 {
		return nil
	}
	p.input.SetValue("")
	return p.save(names, true)
}

func (p *barPage) remove() tea.Cmd {
	ingredient, ok := p.selectedIngredient()
	if !ok {
		return nil
	}
	return p.save([]string{ingredient}, false)
}

func (p *barPage) save(names []string, add bool) tea.Cmd {
	s, fingerprint := p.c.store, p.c.fingerprint
	return p.c.write("bar", func() error { return s.SetInBar(fingerprint, names, add) }, func(err error) tea.Msg {
		return barSavedMsg{ingredients: names, added: add, err: err}
	})
}

func (p *barPage) selectedIngredient() (string, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return "", false
	}
	return p.items[p.cursor], true
}

// barHeaderLines is what sits above the ingredients: the input and the
// completion's candidates (or a blank line).
const barHeaderLines = 2

func (p *barPage) resize(width, height int) {
	p.width, p.height = width, max(height-barHeaderLines, 1)
	p.input.SetWidth(max(min(width, texts.ReadingWidth)-len([]rune(p.input.prompt))-1, 1))
	p.scrollToCursor(len(p.items))
}

func (p *barPage) header() (string, string) {
	if len(p.items) == 0 {
		return "My bar", ""
	}
	return "My bar", texts.Count(len(p.items), "ingredient", "ingredients")
}

// completions are what the ingredient being typed completes to, or else
// the ingredients it may be a typo of.
func (p *barPage) completions(partial string) []string {
	catalog := p.c.store.Catalog()
	if names := catalog.Complete(partial); len(names) > 0 {
		return names
	}
	return catalog.Suggest(partial)
}

// candidates lists what tab would complete the ingredient being typed to.
func (p *barPage) candidates() string {
	if !p.typing() {
		return ""
	}
	value := p.input.Value()
	partial := strings.TrimSpace(value[strings.LastIndex(value, ",")+1:])
	names := p.completions(partial)
	if partial == "" || len(names) == 0 || len(names) == 1 && names[0] == partial {
		return ""
	}
	return p.c.styles.hint.wrap(ansi.Truncate("tab: "+strings.Join(names, " · "), p.width, "…"))
}

func (p *barPage) view() string {
	st := p.c.styles
	lines := []string{p.input.View(), p.candidates()}
	if len(p.items) == 0 {
		lines = append(lines, strings.Split(hintLines(st, "Your bar is empty: type what you have at home, separated by commas.", p.width, 2), "\n")...)
	}
	for i := p.offset; i < len(p.items) && i < p.offset+p.height; i++ {
		lines = append(lines, p.row(i))
	}
	for len(lines) < p.height+barHeaderLines {
		lines = append(lines, "")
	}
	return strings.Join(lines[:p.height+barHeaderLines], "\n")
}

// notInCatalogNote marks an ingredient of the bar that the catalog served
// now lacks: kept for a catalog that has it, and there to be taken out.
const notInCatalogNote = "  not in this catalog"

func (p *barPage) row(i int) string {
	st, width := p.c.styles, min(p.width, texts.ReadingWidth)
	name, note := p.items[i], ""
	if !p.c.store.Catalog().HasIngredient(name) {
		note = notInCatalogNote
	}
	if i == p.cursor && !p.typing() {
		return padSpan(st.rowSelected, "▸ "+name+note, width)
	}
	nameWidth := width - 2
	if note != "" {
		nameWidth = min(nameWidth, ansi.StringWidth(name))
	}
	return "  " + padSpan(st.rowName, name, nameWidth) + padSpan(st.rowBase, note, width-2-nameWidth)
}

func (p *barPage) update(msg tea.Msg) tea.Cmd {
	name, k := nameOf(msg), p.c.keys
	if p.typing() {
		typing := p.c.typingKeys
		switch {
		case key.Matches(name, typing.Back):
			p.input.Blur()
			return nil
		case key.Matches(name, typing.Complete):
			p.complete()
			return nil
		case key.Matches(name, typing.Apply):
			return p.add()
		case p.selection.navigate(name, typing, len(p.items)):
			return nil
		}
		return p.input.Update(msg)
	}
	switch {
	case key.Matches(name, k.Add):
		p.input.SetValue("")
		return p.input.Focus()
	case key.Matches(name, k.Remove):
		return p.remove()
	case key.Matches(name, k.UsedIn):
		if ingredient, ok := p.selectedIngredient(); ok {
			p.c.nav.open(newUsesPage(p.c, ingredient))
		}
		return nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		y := msg.Mouse().Y - barHeaderLines
		if i := p.offset + y; y >= 0 && y < p.height && i < len(p.items) {
			p.cursor = i
		}
	case tea.MouseWheelMsg:
		p.cursor = max(0, min(p.cursor+wheelDelta(msg.Mouse()), len(p.items)-1))
		p.scrollToCursor(len(p.items))
	}
	p.selection.navigate(name, k, len(p.items))
	return nil
}

func (p *barPage) help() keyHelp {
	k := &p.c.keys
	switch {
	case p.typing():
		return p.c.helpFor("bar/typing", func() keyHelp {
			return typingHelp(k.AddTyped, k.Complete, k.Move, k.Back, k.ForceQuit)
		})
	case len(p.items) == 0:
		return p.c.helpFor("bar/empty", func() keyHelp {
			return keyHelp{
				short: []key.Binding{k.Add, k.Search, k.Makeable, k.Back, k.Help, k.Quit},
				full:  []keys.Group{{Title: "My bar", Keys: []key.Binding{k.Add}}, k.Views(), k.General()},
			}
		})
	}
	return p.c.helpFor("bar", func() keyHelp {
		return keyHelp{
			short: []key.Binding{k.Add, k.Remove, k.UsedIn, k.Makeable, k.Search, k.Back, k.Help, k.Quit},
			full: []keys.Group{
				{Title: "My bar", Keys: []key.Binding{k.Add, k.Remove, k.UsedIn}},
				k.Navigation(), k.Views(), k.General(),
			},
		}
	})
}

// shown is none: no like count is on screen.
func (p *barPage) shown(buf []string) []string { return noneShown(buf) }
