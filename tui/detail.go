package tui

import (
	"fmt"
	"strings"

	"barkeep/data"
	"barkeep/keys"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// detailView shows one cocktail whole, scrolling when the window is short.
type detailView struct {
	cocktail data.Cocktail
	offset   int
	width    int
	height   int
}

func (v *detailView) show(c data.Cocktail) {
	v.cocktail = c
	v.offset = 0
}

func (v *detailView) setSize(width, height int) {
	v.width, v.height = width, max(height, 1)
}

// navigate scrolls a card of total lines for a movement key.
func (v *detailView) navigate(name keyName, km keys.KeyMap, total int) {
	switch {
	case key.Matches(name, km.Up):
		v.scroll(-1, total)
	case key.Matches(name, km.Down):
		v.scroll(1, total)
	case key.Matches(name, km.PageUp):
		v.scroll(-v.height, total)
	case key.Matches(name, km.PageDown):
		v.scroll(v.height, total)
	case key.Matches(name, km.Home):
		v.scroll(-total, total)
	case key.Matches(name, km.End):
		v.scroll(total, total)
	}
}

// scroll moves a card of total lines by delta lines, keeping it on screen.
func (v *detailView) scroll(delta, total int) {
	v.offset = max(0, min(v.offset+delta, total-v.height))
}

// lines renders the whole card, wrapped to the width.
func (v *detailView) lines(st *Styles, l likeInfo) []string {
	c := v.cocktail
	width := max(v.width-2, 10)
	wrap := lipgloss.NewStyle().Width(width)
	indent := func(s string) string { return "  " + s }

	likes := l.Likes(c.ID)
	noun := "likes"
	if likes == 1 {
		noun = "like"
	}
	like := st.Likes.Render(fmt.Sprintf("♡ %d %s · press l to like it", likes, noun))
	if l.Liked(c.ID) {
		like = st.Liked.Render(fmt.Sprintf("♥ %d %s · you like it", likes, noun))
	}

	out := []string{
		st.CocktailName.Render(ansi.Truncate(c.Name, v.width, "…")),
	}
	meta := strings.Join([]string{c.Category, c.Base, c.Glass + " glass", c.Method}, " · ")
	out = append(out, strings.Split(st.Meta.Render(wrap.Render(meta)), "\n")...)
	out = append(out, like, "", st.Section.Render("Ingredients"))

	measureWidth := 0
	for _, ing := range c.Ingredients {
		measureWidth = max(measureWidth, ansi.StringWidth(ing.Measure()))
	}
	for _, ing := range c.Ingredients {
		measure := lipgloss.PlaceHorizontal(measureWidth, lipgloss.Right, ing.Measure())
		out = append(out, indent(ansi.Truncate(st.Amount.Render(measure)+"  "+st.Text.Render(ing.Name), width, "…")))
	}
	if c.Garnish != "" {
		out = append(out, "", st.Section.Render("Garnish"), indent(st.Text.Render(ansi.Truncate(c.Garnish, width, "…"))))
	}
	out = append(out, "", st.Section.Render("How to make it"))
	for _, line := range strings.Split(wrap.Render(c.Instructions), "\n") {
		out = append(out, indent(st.Text.Render(line)))
	}
	return out
}

// visible clamps the scroll offset and returns the lines on screen.
func (v *detailView) visible(all []string) (shown []string, offset int) {
	offset = max(0, min(v.offset, len(all)-v.height))
	end := min(offset+v.height, len(all))
	return all[offset:end], offset
}

func (v *detailView) view(st *Styles, l likeInfo) string {
	shown, _ := v.visible(v.lines(st, l))
	for len(shown) < v.height {
		shown = append(shown, "")
	}
	return strings.Join(shown, "\n")
}

// position is empty when the card fits, else how far down it is scrolled.
func (v *detailView) position(st *Styles, l likeInfo) string {
	all := v.lines(st, l)
	if len(all) <= v.height {
		return ""
	}
	_, offset := v.visible(all)
	return fmt.Sprintf("%d%%", (offset+v.height)*100/len(all))
}
