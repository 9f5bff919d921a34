package tui

import (
	"strings"

	"barkeep/data"
	"barkeep/keys"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// wideFrom is the window width from which a list of cocktails has the
// selected cocktail's card beside it.
const wideFrom = 110

// ruleWidth is the room between the list and the card: a rule and a space
// either side.
const ruleWidth = 3

// listPage is what the pages of cocktails share: the list, enter to open
// the selected cocktail's card, r to draw from the list, and in a wide
// window the selected cocktail's card beside the list, following the
// cursor.
type listPage struct {
	c    *common
	list cocktailList
	side cardView
	hint string // what the list says when it is empty
	// drawFrom, when set, is what r and the cards opened here draw from,
	// in place of the whole list.
	drawFrom func() []data.Cocktail

	width, height int
	column        int // the width of the list's column: all of it when not wide

	// The wide body as last drawn, and for what: the program draws the
	// frame again after every message, changed or not.
	drawn    string
	drawnFor besideInputs
}

// besideInputs is everything the wide body depends on.
type besideInputs struct {
	column        string
	card          cardInputs
	carded        bool
	width, height int
}

func newListPage(c *common, hint string) listPage {
	p := listPage{c: c, hint: hint, side: cardView{c: c, servings: 1}}
	p.list.widestName = widestName(c.store.Catalog())
	return p
}

func (p *listPage) selected() (data.Cocktail, bool) { return p.list.selected() }

func (p *listPage) pool() []data.Cocktail {
	if p.drawFrom != nil {
		return p.drawFrom()
	}
	return p.list.items
}

func (p *listPage) wide() bool { return p.width >= wideFrom }

// resizeList sizes the list for a body of width and height in which the
// page puts above lines of its own over the list, in the list's column.
func (p *listPage) resizeList(width, height, above int) {
	p.width, p.height = width, max(height, 1)
	p.column = width
	if p.wide() {
		p.column = max(p.list.naturalWidth(), minColumn)
		p.column = min(p.column, width-ruleWidth-minCard)
	}
	p.list.padded = p.wide()
	p.list.setSize(p.column, p.height-above)
}

// The narrowest the list's column and the card beside it get.
const minColumn, minCard = 44, 48

// cardBeside is the width of the card beside the list.
func (p *listPage) cardBeside() int { return cardWidth(p.width - p.column - ruleWidth) }

// listView is the list, or its hint when empty. No card stands beside an
// empty list (see beside), so its hint may take the body's whole width.
func (p *listPage) listView() string {
	if len(p.list.items) == 0 {
		return hintLines(p.c.styles, p.hint, p.width, p.list.height)
	}
	return p.list.view(p.c.styles, p.c.likes())
}

// beside puts the selected cocktail's card to the right of the page's
// column in a wide window; narrower, the column is the whole body. The
// column's first above lines are the page's own, measured; the list's
// rows below them are drawn as wide as the column already.
func (p *listPage) beside(above int, column string) string {
	// An empty list has no card to stand beside it: a rule with nothing
	// on its right would look unfinished.
	if !p.wide() || len(p.list.items) == 0 {
		return column
	}
	var card []string
	inputs := besideInputs{column: column, width: p.column, height: p.height}
	if c, ok := p.list.selected(); ok && p.onMenu(c) {
		if c.ID != p.side.cocktail.ID {
			p.side.cocktail = c
		}
		card = cardPanel(&p.side, p.cardBeside(), p.height)
		inputs.card, inputs.carded = p.side.drawnFor, true
	}
	if inputs == p.drawnFor && p.drawn != "" {
		return p.drawn
	}
	rule := p.c.styles.rule.wrap("│")
	lines := strings.Split(column, "\n")
	var b strings.Builder
	for i := range p.height {
		if i > 0 {
			b.WriteByte('\n')
		}
		line, width := "", 0
		if i < len(lines) {
			line, width = lines[i], p.column
			if i < above || line == "" {
				width = ansi.StringWidth(line)
			}
		}
		b.WriteString(line)
		b.WriteString(strings.Repeat(" ", max(p.column-width, 0)+1))
		b.WriteString(rule)
		if i < len(card) {
			b.WriteByte(' ')
			b.WriteString(card[i])
		}
	}
	p.drawn, p.drawnFor = b.String(), inputs
	return p.drawn
}

// handle answers the keys of a list, with km (the typing keys while an
// input has the focus), and the mouse over the list, whose first row is
// line top of the body. It says whether it took the message.
func (p *listPage) handle(msg tea.Msg, km keys.KeyMap, top int) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		name := keyName(msg.String())
		if key.Matches(name, km.Open) {
			p.openSelected()
			return true
		}
		return p.list.navigate(name, km)
	case tea.MouseClickMsg:
		mouse := msg.Mouse()
		if mouse.Button == tea.MouseLeft && mouse.X < p.column && p.list.clickRow(mouse.Y-top) {
			p.openSelected()
		}
		return true
	case tea.MouseWheelMsg:
		p.list.scroll(wheelDelta(msg.Mouse()))
		return true
	}
	return false
}

func (p *listPage) openSelected() {
	c, ok := p.list.selected()
	switch {
	case !ok:
	case !p.onMenu(c):
		p.c.nav.say(c.ID + " is not on the menu now: l unlikes it.")
	default:
		p.c.nav.open(newCardPage(p.c, c, p.pool()))
	}
}

// onMenu says whether the catalog served has the cocktail: a favourite
// may be one another catalog had.
func (p *listPage) onMenu(c data.Cocktail) bool {
	_, ok := p.c.store.Catalog().Cocktail(c.ID)
	return ok
}

// shownRows appends the cocktails of the rows on screen (the card beside
// them shows one of them).
func (p *listPage) shownRows(buf []string) []string {
	shown := buf[:0]
	if shown == nil {
		shown = []string{}
	}
	l := &p.list
	for _, c := range l.items[min(l.offset, len(l.items)):min(l.offset+l.height, len(l.items))] {
		shown = append(shown, c.ID)
	}
	return shown
}

// listHelp is the help of a list page with its own keys: the keys that act
// on a cocktail only when there is one.
func listHelp(k keys.KeyMap, empty bool, own ...key.Binding) keyHelp {
	cocktail := []key.Binding{k.Open, k.Like, k.Random}
	if empty {
		cocktail = nil
	}
	short := append(append(append([]key.Binding{}, cocktail...), own...),
		k.Search, k.Bar, k.Makeable, k.Favourites, k.Top, k.Help, k.Quit)
	return keyHelp{
		short: short,
		full: []keys.Group{
			{Title: "This list", Keys: append(append([]key.Binding{}, cocktail...), own...)},
			k.Navigation(), k.Views(), k.General(),
		},
	}
}

// simpleListHelp is the help of a list page without keys of its own.
func simpleListHelp(c *common, id string, empty bool) keyHelp {
	if empty {
		return c.helpFor(id+"/empty", func() keyHelp { return listHelp(c.keys, true) })
	}
	return c.helpFor(id, func() keyHelp { return listHelp(c.keys, false) })
}

// wheelStep is how many rows one wheel notch moves.
const wheelStep = 3

func wheelDelta(mouse tea.Mouse) int {
	switch mouse.Button {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}
