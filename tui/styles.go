package tui

import (
	"strings"
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles is every style the TUI uses, for a dark or a light background.
// Colours are dropped by the renderer on terminals without colour, so no
// state may depend on colour alone: the selected row is in reverse video
// and has a marker, a liked cocktail a filled heart, an ingredient at hand
// a tick.
type Styles struct {
	dark bool // what they were built for

	TitleBadge lipgloss.Style
	TitleText  lipgloss.Style
	User       lipgloss.Style

	Header lipgloss.Style

	Name         lipgloss.Style
	SelectedName lipgloss.Style
	Base         lipgloss.Style
	Likes        lipgloss.Style
	Liked        lipgloss.Style

	CocktailName lipgloss.Style
	Meta         lipgloss.Style
	Section      lipgloss.Style
	Amount       lipgloss.Style
	Text         lipgloss.Style
	Have         lipgloss.Style
	Lack         lipgloss.Style

	Rule    lipgloss.Style // between the list and the card
	Welcome lipgloss.Style // the first session's panel

	Hint   lipgloss.Style
	Status lipgloss.Style
	Error  lipgloss.Style

	Input textinput.Styles
	Help  help.Styles

	// The styles drawn in every frame, as plain escape codes: lipgloss
	// takes microseconds per Render, and every session's first frame
	// draws a screenful of rows.
	rowName, rowSelected, rowBase, rowLiked span
	header, status, error, hint, rule       span
	welcomeEdge                             span // the welcome panel's border
	cocktailName, meta, likes, liked        span
	section, amount, text, have, lack       span
}

// span is a style's opening and closing escape codes, for one-line text
// without control characters: wrap(s) is what the style's Render(s) gives.
type span struct{ open, close string }

func spanOf(style lipgloss.Style) span {
	const probe = "x"
	rendered := style.Render(probe)
	open, close, _ := strings.Cut(rendered, probe)
	return span{open, close}
}

func (s span) wrap(text string) string { return s.open + text + s.close }

// The two sets of styles, built once: they never change, and every session
// shares the one for its background.
var (
	darkStyles  = sync.OnceValue(func() *Styles { return newStyles(true) })
	lightStyles = sync.OnceValue(func() *Styles { return newStyles(false) })
)

func stylesFor(isDark bool) *Styles {
	if isDark {
		return darkStyles()
	}
	return lightStyles()
}

// newStyles builds the styles for a dark or a light terminal background.
func newStyles(isDark bool) *Styles {
	pick := lipgloss.LightDark(isDark)
	accent := pick(lipgloss.Color("#C2185B"), lipgloss.Color("#F25D94"))
	badgeText := lipgloss.Color("#FFFDF5")
	strong := pick(lipgloss.Color("#1A1A1A"), lipgloss.Color("#F5F5F5"))
	normal := pick(lipgloss.Color("#333333"), lipgloss.Color("#DDDDDD"))
	muted := pick(lipgloss.Color("#737373"), lipgloss.Color("#8C8C8C"))
	faint := pick(lipgloss.Color("#9E9E9E"), lipgloss.Color("#5C5C5C"))
	amber := pick(lipgloss.Color("#B25E00"), lipgloss.Color("#FFB454"))
	red := pick(lipgloss.Color("#C62828"), lipgloss.Color("#FF6B6B"))
	green := pick(lipgloss.Color("#2E7D32"), lipgloss.Color("#7BD88F"))

	input := textinput.DefaultStyles(isDark)
	input.Focused.Prompt = lipgloss.NewStyle().Foreground(accent).Bold(true)
	input.Blurred.Prompt = lipgloss.NewStyle().Foreground(muted)
	input.Focused.Placeholder = lipgloss.NewStyle().Foreground(faint)
	input.Blurred.Placeholder = input.Focused.Placeholder
	input.Focused.Suggestion = lipgloss.NewStyle().Foreground(faint)

	st := &Styles{
		dark:       isDark,
		TitleBadge: lipgloss.NewStyle().Bold(true).Foreground(badgeText).Background(accent),
		TitleText:  lipgloss.NewStyle().Foreground(muted),
		User:       lipgloss.NewStyle().Foreground(amber),

		Header: lipgloss.NewStyle().Bold(true).Foreground(strong),

		Name:         lipgloss.NewStyle(), // the terminal's own colour: nothing to send
		SelectedName: lipgloss.NewStyle().Foreground(accent).Bold(true).Reverse(true),
		Base:         lipgloss.NewStyle().Foreground(muted),
		Likes:        lipgloss.NewStyle().Foreground(muted),
		Liked:        lipgloss.NewStyle().Foreground(accent),

		CocktailName: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Meta:         lipgloss.NewStyle().Foreground(muted),
		Section:      lipgloss.NewStyle().Bold(true).Foreground(amber),
		Amount:       lipgloss.NewStyle().Foreground(strong),
		Text:         lipgloss.NewStyle().Foreground(normal),
		Have:         lipgloss.NewStyle().Foreground(green),
		Lack:         lipgloss.NewStyle().Foreground(red),

		Rule:    lipgloss.NewStyle().Foreground(faint),
		Welcome: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),

		Hint:   lipgloss.NewStyle().Foreground(muted),
		Status: lipgloss.NewStyle().Foreground(green),
		Error:  lipgloss.NewStyle().Foreground(red).Bold(true),

		Input: input,
		Help:  help.DefaultStyles(isDark),
	}
	st.rowName, st.rowSelected = spanOf(st.Name), spanOf(st.SelectedName)
	st.rowBase, st.rowLiked = spanOf(st.Base), spanOf(st.Liked)
	st.header, st.status, st.error = spanOf(st.Header), spanOf(st.Status), spanOf(st.Error)
	st.hint, st.rule = spanOf(st.Hint), spanOf(st.Rule)
	st.welcomeEdge = spanOf(lipgloss.NewStyle().Foreground(st.Welcome.GetBorderTopForeground()))
	st.cocktailName, st.meta, st.likes, st.liked = spanOf(st.CocktailName), spanOf(st.Meta), spanOf(st.Likes), spanOf(st.Liked)
	st.section, st.amount, st.text = spanOf(st.Section), spanOf(st.Amount), spanOf(st.Text)
	st.have, st.lack = spanOf(st.Have), spanOf(st.Lack)
	return st
}
