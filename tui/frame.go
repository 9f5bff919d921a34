package tui

import (
	"fmt"
	"strings"

	"barkeep/store"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// minBody is the fewest body lines a view needs; the full help gives way
// to the short one rather than squeeze the body below it.
const minBody = 5

// helpInputs is everything the help bar depends on.
type helpInputs struct {
	view                  view
	typing, showAll, dark bool
	width, height         int
}

// helpBar returns the help bar, looked up again only when what it shows
// has changed, and drawn only when no session has drawn it yet.
func (m *Model) helpBar() string {
	inputs := helpInputs{m.current(), m.typing(), m.help.ShowAll, m.styles.dark, m.width, m.height}
	if inputs != m.helpDrawnFor || m.helpDrawn == "" {
		m.helpDrawn, m.helpDrawnFor = drawnHelp.get(inputs, m.helpView), inputs
	}
	return m.helpDrawn
}

// helpView draws the help bar: the full help when asked for and it fits
// the window both ways.
func (m *Model) helpView() string {
	bindings := m.helpFor()
	if m.help.ShowAll {
		full := m.help.FullHelpView(bindings.FullHelp())
		if m.height-chromeLines-lipgloss.Height(full) >= minBody && lipgloss.Width(full) <= m.width {
			return full
		}
	}
	return m.help.ShortHelpView(fitShortHelp(bindings.ShortHelp(), m.help.ShortSeparator, m.width))
}

// fitShortHelp drops keys from the end of the short help until it fits the
// width, but keeps the last two (help and quit, or back and quit), which
// are never to be hidden. It measures the text rather than drawing it.
func fitShortHelp(short []key.Binding, separator string, width int) []key.Binding {
	widths := make([]int, len(short))
	total := 0
	for i, b := range short {
		widths[i] = ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		total += widths[i]
	}
	total += ansi.StringWidth(separator) * max(len(short)-1, 0)
	for len(short) > 2 && total > width {
		dropped := len(short) - 3
		total -= widths[dropped] + ansi.StringWidth(separator)
		short = append(short[:dropped:dropped], short[dropped+1:]...)
		widths = append(widths[:dropped:dropped], widths[dropped+1:]...)
	}
	return short
}

// chromeLines is the number of lines around a view's body other than the
// help: the title bar, a blank line, the header and the status line.
const chromeLines = 4

func (m *Model) layout() {
	m.help.SetWidth(m.width)
	body := max(1, m.height-chromeLines-lipgloss.Height(m.helpBar()))
	m.catalog.setSize(m.width, body)
	m.search.setSize(m.width, body)
	m.favourites.list.setSize(m.width, body)
	m.top.list.setSize(m.width, body)
	m.bar.setSize(m.width, body)
	m.makeable.list.setSize(m.width, body)
	m.detail.setSize(m.width, body)
}

// likes tells the rows what this account likes.
type likes struct {
	store       *store.Store
	fingerprint string
}

func (m *Model) likes() likes { return likes{m.store, m.account.Fingerprint} }

func (l likes) Likes(id string) int  { return l.store.Likes(id) }
func (l likes) Liked(id string) bool { return l.store.Liked(l.fingerprint, id) }
func (l likes) States(ids []string, states []store.LikeState) {
	l.store.LikeStates(l.fingerprint, ids, states)
}

// View draws the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Barkeep"
	return v
}

func (m *Model) render() string {
	if m.width < MinWidth || m.height < MinHeight {
		return m.tooSmall()
	}
	st := m.styles
	l := m.likes()
	var title, position, body string
	switch m.current() {
	case viewCatalog:
		title, position, body = m.catalog.title(), m.catalog.list.count(), m.catalog.view(st, l)
	case viewSearch:
		title, position, body = "Search by ingredient", m.search.list.count(), m.search.view(st, l)
	case viewFavourites:
		title, position, body = "My favourites", m.favourites.list.count(), m.favourites.view(st, l)
	case viewTop:
		title, position, body = "Most liked", m.top.list.count(), m.top.view(st, l)
	case viewBar:
		title, body = m.bar.title(), m.bar.view(st)
	case viewMakeable:
		title, position, body = m.makeable.title(), m.makeable.list.count(), m.makeable.view(st, l)
	case viewDetail:
		title, position, body = "Cocktail", m.detail.position(st, l), m.detail.view(st, l)
	}
	status := ""
	switch {
	case m.status == "":
	case m.statusError:
		status = st.error.wrap(m.status)
	default:
		status = st.status.wrap(m.status)
	}
	return strings.Join([]string{
		m.titleBar(),
		"",
		m.header(title, position),
		body,
		ansi.Truncate(status, m.width, "…"),
		m.helpBar(),
	}, "\n")
}

// headerInputs is everything the header line depends on.
type headerInputs struct {
	title, position  string
	width, countsEnd int
	dark             bool
}

// header returns the view's header line, drawn again only when what it
// shows or where it goes changes: measuring text is not free, and the
// header changes far less often than the screen.
func (m *Model) header(title, position string) string {
	inputs := headerInputs{title, position, m.width, -1, m.styles.dark}
	if list := m.currentList(); list != nil {
		inputs.countsEnd = list.columns.countsEnd()
	}
	if inputs != m.headerDrawnFor || m.headerDrawn == "" {
		line := spread(m.headerWidth(title, position), m.styles.header.wrap(title), position)
		m.headerDrawn, m.headerDrawnFor = line, inputs
	}
	return m.headerDrawn
}

// headerWidth ends where the list's like counts do, so that the count
// sits above them, or is the window's for other views; a header that needs
// more room gets it.
func (m *Model) headerWidth(title, position string) int {
	list := m.currentList()
	if list == nil {
		return m.width
	}
	return min(m.width, max(list.columns.countsEnd(), ansi.StringWidth(title)+2+ansi.StringWidth(position)))
}

// titleInputs is everything the title bar depends on.
type titleInputs struct {
	width int
	dark  bool
	name  string // empty until the account is durable
}

// titleBar returns the title bar, drawn again only when the width, the
// styles or the name shown change.
func (m *Model) titleBar() string {
	inputs := titleInputs{m.width, m.styles.dark, m.account.Name}
	if inputs != m.titleDrawnFor || m.titleDrawn == "" {
		m.titleDrawn, m.titleDrawnFor = m.drawTitleBar(), inputs
	}
	return m.titleDrawn
}

func (m *Model) drawTitleBar() string {
	st := m.styles
	left := st.TitleBadge.Render("Barkeep") + st.TitleText.Render(" cocktails over SSH")
	if m.width < 60 {
		left = st.TitleBadge.Render("Barkeep")
	}
	room := m.width - lipgloss.Width(left) - 1
	return spread(m.width, left, st.User.Render(ansi.Truncate(m.account.Name, max(room, 0), "…")))
}

func (m *Model) tooSmall() string {
	lines := []string{
		"Make the window bigger.",
		fmt.Sprintf("Barkeep needs %d×%d,", MinWidth, MinHeight),
		fmt.Sprintf("this one is %d×%d.", m.width, m.height),
	}
	if m.width < ansi.StringWidth(lines[0]) {
		lines = []string{"Too small", fmt.Sprintf("%d×%d", m.width, m.height)}
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], max(m.width, 0), "…")
	}
	return strings.Join(lines[:min(len(lines), max(m.height, 1))], "\n")
}

// spread puts left and right, one line each, at the two ends of a line of
// width cells, cutting left when both do not fit.
func spread(width int, left, right string) string {
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(width-ansi.StringWidth(right)-1, 0), "…")
		gap = max(width-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	}
	return left + strings.Repeat(" ", gap) + right
}
