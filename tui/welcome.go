package tui

import (
	"strings"

	"barkeep/texts"
)

// minListRows is the fewest rows of the list the welcome leaves in view.
const minListRows = 3

// welcomePanel is what a new key's first session shows above the list:
// what the account is and a few keys to try, as much of it as leaves the
// list in view.
func welcomePanel(st *Styles, name string, width, room int) []string {
	full := []string{
		"Welcome to Barkeep!",
		"Your SSH key is your account: no password, nothing else to remember. You signed up as " + name + "; n changes your name.",
		"Try s to search by what is in your cabinet, l to like a cocktail, b to stock your bar, m for what you can make, ? for every key.",
	}
	short := []string{"Welcome to Barkeep! Your key is your account. ? shows every key."}
	for _, candidate := range []struct {
		paragraphs []string
		framed     bool
	}{{full, true}, {full, false}, {short, true}, {short, false}} {
		lines := welcomeLines(st, candidate.paragraphs, candidate.framed, min(width, texts.ReadingWidth))
		if len(lines) <= room-minListRows {
			return lines
		}
	}
	return nil
}

func welcomeLines(st *Styles, paragraphs []string, framed bool, width int) []string {
	inner := width
	if framed {
		inner = width - 4 // the border and a space either side
	}
	var text []string
	for _, p := range paragraphs {
		text = append(text, texts.Wrap(p, inner)...)
	}
	text[0] = st.cocktailName.wrap(text[0])
	for i := 1; i < len(text); i++ {
		text[i] = st.text.wrap(text[i])
	}
	if !framed {
		return append(text, "")
	}
	return framedWelcome(st, text, inner)
}

// framedWelcome draws lines of text in the Welcome style's border, as its
// Render would, by hand: Render measures every line four times over, which
// cost each new key's first frame some 50 µs.
func framedWelcome(st *Styles, text []string, inner int) []string {
	border, edge := st.Welcome.GetBorderStyle(), st.welcomeEdge
	// A window narrower than the border is laid out too, before it is
	// found too small to show.
	across := max(inner+2, 0)
	framed := make([]string, 0, len(text)+2)
	framed = append(framed, edge.wrap(border.TopLeft+strings.Repeat(border.Top, across)+border.TopRight))
	for _, line := range text {
		framed = append(framed, edge.wrap(border.Left)+" "+pad(line, inner)+" "+edge.wrap(border.Right))
	}
	return append(framed, edge.wrap(border.BottomLeft+strings.Repeat(border.Bottom, across)+border.BottomRight))
}
