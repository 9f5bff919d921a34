package tui

import (
	"fmt"
	"strings"

	"barkeep/data"
	"barkeep/keys"
	"barkeep/texts"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// cardView draws one cocktail's card, styled, for the card page and for
// the card beside a list. It draws again only when what the card shows
// changes: in a wide window every key press asks for it.
type cardView struct {
	c        *common
	cocktail data.Cocktail
	servings int // 1 to texts.MaxServings

	drawn    []string
	drawnFor cardInputs
}

// cardInputs is everything a drawn card depends on.
type cardInputs struct {
	id                    string
	likes                 int
	liked, dark, withName bool
	units                 texts.Units
	servings, width       int
	barVersion            int
}

func (v *cardView) card() texts.Card {
	c := v.cocktail
	likes := v.c.likes()
	return texts.Card{
		Cocktail: c,
		Likes:    likes.Likes(c.ID),
		Liked:    likes.Liked(c.ID),
		LikeHint: "press l to like it",
		Units:    v.c.units,
		Servings: v.servings,
		AtHand:   v.c.myAtHand(),
	}
}

// lines returns the card drawn for width cells, without its name line
// when the header already shows the name.
func (v *cardView) lines(width int, withName bool) []string {
	card := v.card()
	inputs := cardInputs{
		id: card.Cocktail.ID, likes: card.Likes, liked: card.Liked, dark: v.c.styles.dark, withName: withName,
		units: card.Units, servings: card.Servings, width: width, barVersion: v.c.barVersion,
	}
	if inputs == v.drawnFor && v.drawn != nil {
		return v.drawn
	}
	plain := card.Lines(width)
	if !withName {
		plain = plain[1:]
	}
	v.drawn = v.drawn[:0]
	for _, line := range plain {
		v.drawn = append(v.drawn, drawCardLine(v.c.styles, line))
	}
	v.drawnFor = inputs
	return v.drawn
}

// drawCardLine styles one line of a card by what it is.
func drawCardLine(st *Styles, line texts.Line) string {
	switch line.Part {
	case texts.PartBlank:
		return ""
	case texts.PartName:
		return st.cocktailName.wrap(line.Text)
	case texts.PartMeta, texts.PartNote:
		return st.meta.wrap(line.Text)
	case texts.PartLikes:
		return st.likes.wrap(line.Text)
	case texts.PartLiked:
		return st.liked.wrap(line.Text)
	case texts.PartHeading:
		return st.section.wrap(line.Text)
	case texts.PartIngredient:
		// Ingredient lines are cut to the width as a whole: draw the parts
		// of what is left of the text.
		rest := line.Text
		var b strings.Builder
		b.WriteString("  ")
		rest = strings.TrimPrefix(rest, "  ")
		if line.Mark != "" {
			mark := st.have
			if line.Mark == texts.MarkLack {
				mark = st.lack
			}
			b.WriteString(mark.wrap(line.Mark) + " ")
			rest = strings.TrimPrefix(strings.TrimPrefix(rest, line.Mark), " ")
		}
		measure, name := rest, ""
		if strings.HasPrefix(rest, line.Measure) {
			measure, name = line.Measure, rest[len(line.Measure):]
		}
		b.WriteString(st.amount.wrap(measure))
		if name != "" {
			b.WriteString(st.text.wrap(name))
		}
		return b.String()
	}
	return st.text.wrap(line.Text)
}

// cardPage shows one cocktail whole, scrolling when the window is short;
// r draws the next one from the list it was opened from.
type cardPage struct {
	c *common
	cardView
	from   []data.Cocktail // what r draws from
	offset int
	width  int
	height int
}

func newCardPage(c *common, cocktail data.Cocktail, from []data.Cocktail) *cardPage {
	return &cardPage{c: c, cardView: cardView{c: c, cocktail: cocktail, servings: 1}, from: from}
}

func (p *cardPage) selected() (data.Cocktail, bool) { return p.cocktail, true }
func (p *cardPage) pool() []data.Cocktail           { return p.from }

// show puts another cocktail on the card, from the top, for one serving.
func (p *cardPage) show(c data.Cocktail) {
	p.cocktail, p.offset, p.servings = c, 0, 1
}

func (p *cardPage) header() (string, string) {
	all := p.all()
	if len(all) <= p.height {
		return p.cocktail.Name, ""
	}
	offset := p.clampedOffset(len(all))
	return p.cocktail.Name, fmt.Sprintf("%d%%", (offset+p.height)*100/len(all))
}

// cardWidth is how wide a card is drawn in a window: no wider than its
// prose, which keeps to the reading width.
func cardWidth(width int) int { return min(width, texts.ReadingWidth+2) }

func (p *cardPage) all() []string { return p.lines(cardWidth(p.width), false) }

func (p *cardPage) resize(width, height int) { p.width, p.height = width, max(height, 1) }

func (p *cardPage) clampedOffset(total int) int { return max(0, min(p.offset, total-p.height)) }

func (p *cardPage) view() string {
	all := p.all()
	offset := p.clampedOffset(len(all))
	shown := all[offset:min(offset+p.height, len(all))]
	var b strings.Builder
	for i := range p.height {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(shown) {
			b.WriteString(shown[i])
		}
	}
	return b.String()
}

func (p *cardPage) update(msg tea.Msg) tea.Cmd {
	name, k := nameOf(msg), p.c.keys
	total := len(p.all())
	switch {
	case name == "":
	case key.Matches(name, k.Up):
		p.scroll(-1, total)
	case key.Matches(name, k.Down):
		p.scroll(1, total)
	case key.Matches(name, k.PageUp):
		p.scroll(-p.height, total)
	case key.Matches(name, k.PageDown):
		p.scroll(p.height, total)
	case key.Matches(name, k.Home):
		p.scroll(-total, total)
	case key.Matches(name, k.End):
		p.scroll(total, total)
	case key.Matches(name, k.Units):
		p.c.units = p.c.units.Toggle()
		p.c.nav.say("Measures in " + p.c.units.String())
	case key.Matches(name, k.More):
		p.serve(p.servings + 1)
	case key.Matches(name, k.Fewer):
		p.serve(p.servings - 1)
	case key.Matches(name, k.Copy):
		return p.copy()
	}
	if wheel, ok := msg.(tea.MouseWheelMsg); ok {
		p.scroll(wheelDelta(wheel.Mouse()), total)
	}
	return nil
}

func (p *cardPage) serve(servings int) {
	switch {
	case servings < 1:
		p.c.nav.say("One serving is the fewest.")
	case servings > texts.MaxServings:
		p.c.nav.say(fmt.Sprintf("%d servings is the most.", texts.MaxServings))
	default:
		p.servings = servings
		p.c.nav.say("For " + texts.Count(servings, "serving", "servings"))
	}
}

// copy puts the recipe on the clipboard of the terminal the user sits at
// (OSC 52), as plain text.
func (p *cardPage) copy() tea.Cmd {
	card := p.card()
	card.LikeHint = ""
	p.c.nav.say("Copied " + p.cocktail.Name + " to the clipboard")
	return tea.SetClipboard(card.Text(texts.ReadingWidth + 2))
}

// scroll moves a card of total lines by delta lines, keeping it on screen.
func (p *cardPage) scroll(delta, total int) {
	p.offset = max(0, min(p.clampedOffset(total)+delta, total-p.height))
}

func (p *cardPage) typing() bool { return false }

func (p *cardPage) help() keyHelp {
	k := &p.c.keys
	return p.c.helpFor("card", func() keyHelp {
		return keyHelp{
			short: []key.Binding{k.Like, k.Random, k.Units, k.Servings, k.Copy, k.Back, k.Help, k.Quit},
			full: []keys.Group{
				{Title: "This cocktail", Keys: []key.Binding{k.Like, k.Random, k.Units, k.More, k.Fewer, k.Copy}},
				{Title: "Scroll", Keys: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}},
				k.Views(), k.General(),
			},
		}
	})
}

func (p *cardPage) shown(buf []string) []string { return append(buf[:0], p.cocktail.ID) }

// cardPanel fits a card into a column beside a list: cut at the bottom
// when it is longer than the column (enter opens it whole).
func cardPanel(v *cardView, width, height int) []string {
	lines := v.lines(width, true)
	if len(lines) > height {
		lines = append(lines[:height-1:height-1], v.c.styles.hint.wrap(ansi.Truncate("… enter shows it all", width, "")))
	}
	return lines
}
