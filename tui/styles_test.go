package tui

import (
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The frame's hot paths draw with spans instead of lipgloss: each span must
// give what its style's Render gives, on both backgrounds.
func TestSpansDrawAsTheirStyles(t *testing.T) {
	texts := []string{"", "Negroni", "▸ Ti’ Punch", "Café Brûlot…", "日本の酒 ♥ 12", "♡ 0"}
	for _, dark := range []bool{true, false} {
		st := stylesFor(dark)
		pairs := []struct {
			name  string
			style lipgloss.Style
			span  span
		}{
			{"name", st.Name, st.rowName},
			{"selected", st.SelectedName, st.rowSelected},
			{"base", st.Base, st.rowBase},
			{"liked", st.Liked, st.rowLiked},
			{"header", st.Header, st.header},
			{"status", st.Status, st.status},
			{"error", st.Error, st.error},
		}
		for _, p := range pairs {
			for _, text := range texts {
				if got, want := p.span.wrap(text), p.style.Render(text); got != want {
					t.Errorf("dark=%v %s: span draws %q as %q, the style as %q", dark, p.name, text, got, want)
				}
			}
		}
	}
}

// The styles are shared by every session, so a session switching
// backgrounds must switch to the other set, never build or change one.
func TestStylesAreSharedPerBackground(t *testing.T) {
	dark, light := stylesFor(true), stylesFor(false)
	if stylesFor(true) != dark || stylesFor(false) != light {
		t.Error("stylesFor built a second set for the same background")
	}
	if stylesFor(true) == stylesFor(false) || !stylesFor(true).dark || stylesFor(false).dark {
		t.Error("the dark and light sets are mixed up")
	}
}

// The welcome panel's border is drawn by hand: it must be what the Welcome
// style's Render draws, on both backgrounds.
func TestTheWelcomeBorderDrawsAsItsStyle(t *testing.T) {
	for _, dark := range []bool{true, false} {
		st := stylesFor(dark)
		text := []string{st.cocktailName.wrap("Welcome to Barkeep!"), st.text.wrap("You signed up as 日本の酒;"), "", "n changes your name."}
		const inner = 30
		padded := make([]string, len(text))
		for i, line := range text {
			padded[i] = line + strings.Repeat(" ", inner-ansi.StringWidth(line))
		}
		want := strings.Split(st.Welcome.Render(strings.Join(padded, "\n")), "\n")
		if got := framedWelcome(st, text, inner); !slices.Equal(got, want) {
			t.Errorf("dark=%v: drawn\n%q\nRender draws\n%q", dark, got, want)
		}
	}
}
