package tui

import (
	"fmt"
	"strings"

	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// chromeLines is the number of lines around a page's body other than the
// help bar and the welcome: the title bar, a blank line, the header and
// the status line.
const chromeLines = 4

// headerLines is the lines above the body: the title bar, a blank line
// and the header.
const headerLines = 3

// frameCache holds the parts of the frame as last drawn, and for what:
// they change far less often than the screen.
type frameCache struct {
	help      string
	helpFor   helpInputs
	title     string
	titleFor  titleInputs
	header    string
	headerFor headerInputs

	welcome    []string
	welcomeFor welcomeInputs
}

// helpInputs is everything the help bar depends on.
type helpInputs struct {
	id    string
	width int
	dark  bool
}

// welcomeInputs is everything the welcome panel depends on.
type welcomeInputs struct {
	name          string
	width, height int
	dark          bool
}

// helpBar returns the help bar, looked up again only when what it shows
// has changed, and drawn only when no session has drawn it yet.
func (m *Model) helpBar() string {
	h := m.current().help()
	inputs := helpInputs{h.id, m.width, m.c.styles.dark}
	if inputs != m.frame.helpFor || m.frame.help == "" {
		m.frame.help = drawnHelp.get(inputs, func() string {
			return m.help.ShortHelpView(fitShortHelp(h.short, m.help.ShortSeparator, m.width))
		})
		m.frame.helpFor = inputs
	}
	return m.frame.help
}

// welcomePanel is the welcome while it is on screen, fitted to the window.
func (m *Model) welcomePanel() []string {
	if !m.welcome {
		return nil
	}
	inputs := welcomeInputs{m.account.Name, m.width, m.height, m.c.styles.dark}
	if inputs != m.frame.welcomeFor || m.frame.welcome == nil {
		// A new key's first frame has no name yet: every new session
		// shows the same panel, drawn once.
		drawn := drawnWelcomes.get(inputs, func() string {
			room := m.height - chromeLines - lipgloss.Height(m.helpBar())
			return strings.Join(welcomePanel(m.c.styles, m.account.Name, m.width, room), "\n")
		})
		m.frame.welcome, m.frame.welcomeFor = []string{}, inputs
		if drawn != "" {
			m.frame.welcome = strings.Split(drawn, "\n")
		}
	}
	return m.frame.welcome
}

// bodySize is the room the page on screen has.
func (m *Model) bodySize() (width, height int) {
	return m.width, max(1, m.height-chromeLines-lipgloss.Height(m.helpBar())-len(m.welcomePanel()))
}

// bodyTop is the screen line where the page's body starts.
func (m *Model) bodyTop() int { return headerLines + len(m.welcomePanel()) }

func (m *Model) layout() {
	m.help.SetWidth(m.width)
	m.current().resize(m.bodySize())
}

// likes tells the rows what this account likes.
type likes struct {
	store       *store.Store
	fingerprint string
}

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
	st := m.c.styles
	title, position := m.current().header()
	status := ""
	switch {
	case m.status == "":
	case m.statusError:
		status = st.error.wrap(m.status)
	default:
		status = st.status.wrap(m.status)
	}
	parts := []string{m.titleBar(), "", m.header(title, position)}
	parts = append(parts, m.welcomePanel()...)
	return strings.Join(append(parts, m.current().view(), ansi.Truncate(status, m.width, "…"), m.helpBar()), "\n")
}

// headerInputs is everything the header line depends on.
type headerInputs struct {
	title, position string
	width, end      int
	dark            bool
}

// header returns the page's header line, drawn again only when what it
// shows or where it goes changes: measuring text is not free.
func (m *Model) header(title, position string) string {
	inputs := headerInputs{title, position, m.width, m.headerEnd(), m.c.styles.dark}
	if inputs != m.frame.headerFor || m.frame.header == "" {
		line := m.c.styles.header.wrap(ansi.Truncate(title, m.width, "…"))
		if position != "" {
			width := min(m.width, max(inputs.end, ansi.StringWidth(title)+2+ansi.StringWidth(position)))
			line = spread(width, m.c.styles.header.wrap(title), position)
		}
		m.frame.header, m.frame.headerFor = line, inputs
	}
	return m.frame.header
}

// headerEnd is where the header's right end goes: above the like counts
// of a list of cocktails, or where the reading width ends.
func (m *Model) headerEnd() int {
	if list, ok := m.current().(interface{ countsEnd() int }); ok {
		return list.countsEnd()
	}
	return cardWidth(m.width)
}

func (p *listPage) countsEnd() int { return p.list.columns.countsEnd() }

// titleInputs is everything the title bar depends on.
type titleInputs struct {
	width int
	dark  bool
	name  string // empty until the account is durable
}

// titleBar returns the title bar, drawn again only when the width, the
// styles or the name shown change.
func (m *Model) titleBar() string {
	inputs := titleInputs{m.width, m.c.styles.dark, m.account.Name}
	if inputs != m.frame.titleFor || m.frame.title == "" {
		m.frame.title, m.frame.titleFor = m.drawTitleBar(), inputs
	}
	return m.frame.title
}

func (m *Model) drawTitleBar() string {
	st := m.c.styles
	// The badge's spaces are its text, not padding: one style run, where
	// padding would be three.
	left := st.TitleBadge.Render(" Barkeep ")
	if m.width >= 60 {
		left += st.TitleText.Render(" cocktails over SSH")
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
