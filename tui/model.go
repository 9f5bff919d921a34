// Package tui is Barkeep's terminal interface: a root model that routes
// between the catalog, search, favourites and detail views. It knows the
// store but nothing of SSH, so every view runs and tests as a plain model.
package tui

import (
	"fmt"
	"strings"

	"barkeep/data"
	"barkeep/keys"
	"barkeep/store"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The smallest window the layout is made for; below it the TUI asks for a
// bigger one instead of drawing a broken screen.
const (
	MinWidth  = 40
	MinHeight = 12
)

type view int

const (
	viewCatalog view = iota
	viewFavourites
	viewSearch
	viewDetail
)

// likesChangedMsg carries the cocktails whose like counts changed anywhere.
type likesChangedMsg struct{ ids []string }

// likeSavedMsg reports the end of a like or unlike this session asked for.
type likeSavedMsg struct {
	cocktail data.Cocktail
	liked    bool
	err      error
}

// Config is what a session's model is made of.
type Config struct {
	Store   *store.Store
	Account store.Account
	// Changes, when set, brings other sessions' likes live into this one.
	Changes *store.Subscription
	// Width and Height are the window size, until the first resize.
	Width, Height int
}

// Model is one session's TUI.
type Model struct {
	store   *store.Store
	account store.Account
	changes *store.Subscription
	keys    keys.KeyMap
	styles  Styles
	help    help.Model

	width, height int

	current    view
	detailFrom view
	catalog    catalogView
	favourites favouritesView
	search     searchView
	detail     detailView

	status      string
	statusError bool
}

// New builds a session's model with dark styles, until the terminal says
// otherwise.
func New(cfg Config) Model {
	m := Model{
		store:   cfg.Store,
		account: cfg.Account,
		changes: cfg.Changes,
		keys:    keys.Default(),
		help:    help.New(),
		width:   cfg.Width,
		height:  cfg.Height,
	}
	m.catalog = newCatalogView(cfg.Store.Catalog())
	m.search = newSearchView(cfg.Store.Catalog())
	m.setStyles(true)
	m.layout()
	return m
}

// Init asks the terminal for its background colour and starts listening for
// likes from other sessions.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.waitForLikes())
}

func (m Model) waitForLikes() tea.Cmd {
	if m.changes == nil {
		return nil
	}
	sub := m.changes
	return func() tea.Msg {
		if _, open := <-sub.Ready(); !open {
			return nil
		}
		return likesChangedMsg{ids: sub.Take()}
	}
}

// Update routes a message to the view on screen, then lays the screen out
// again: the help and the filter line change the room the body has.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	updated := next.(Model)
	updated.layout()
	return updated, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return m, nil
	case likesChangedMsg:
		return m, m.waitForLikes()
	case likeSavedMsg:
		m.likeSaved(msg)
		return m, nil
	case tea.KeyPressMsg:
		return m.keyPress(msg)
	case tea.PasteMsg:
		return m.typeInto(msg)
	}
	// Anything else (cursor blinks) belongs to the input being typed in.
	return m.typeInto(msg)
}

func (m Model) keyPress(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	m.status, m.statusError = "", false
	if key.Matches(msg, m.keys.ForceQuit) {
		return m, tea.Quit
	}
	if m.typing() {
		return m.keyWhileTyping(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return m, nil
	case key.Matches(msg, k.Random):
		shown, _ := m.shownCocktail()
		m.openDetail(m.store.Catalog().Random(shown.ID))
		return m, nil
	case key.Matches(msg, k.Like):
		return m, m.toggleLike()
	case key.Matches(msg, k.Favourites):
		m.favourites.refresh(m.store, m.account.Fingerprint)
		m.current = viewFavourites
		return m, nil
	case key.Matches(msg, k.Search):
		m.current = viewSearch
		return m, m.search.focus()
	case key.Matches(msg, k.Back):
		m.back()
		return m, nil
	}
	switch m.current {
	case viewCatalog:
		if key.Matches(msg, k.Filter) {
			return m, m.catalog.startFilter()
		}
		return m, m.openOrNavigate(msg, &m.catalog.list)
	case viewFavourites:
		return m, m.openOrNavigate(msg, &m.favourites.list)
	case viewDetail:
		m.detail.navigate(msg, k, len(m.detail.lines(m.styles, m.likes())))
	}
	return m, nil
}

// keyWhileTyping handles a key while an input has the focus: most keys are
// text, only a few keys move or leave.
func (m Model) keyWhileTyping(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	typing := m.keys.WhileTyping()
	switch m.current {
	case viewSearch:
		switch {
		case key.Matches(msg, typing.Back):
			m.back()
			return m, nil
		case key.Matches(msg, typing.Complete):
			m.search.complete()
			return m, nil
		}
		return m, m.openOrNavigate(msg, &m.search.list)
	case viewCatalog:
		switch {
		case key.Matches(msg, typing.Back):
			m.catalog.clearFilter()
			return m, nil
		case key.Matches(msg, typing.Apply):
			m.catalog.applyFilter()
			return m, nil
		}
		if m.catalog.list.navigate(msg, typing) {
			return m, nil
		}
	}
	return m.typeInto(msg)
}

// openOrNavigate opens the selected cocktail on enter, moves on movement
// keys, and types anything else into the search input if that is on screen.
func (m *Model) openOrNavigate(msg tea.KeyPressMsg, list *cocktailList) tea.Cmd {
	k := m.keys
	if m.typing() {
		k = k.WhileTyping()
	}
	if key.Matches(msg, k.Open) {
		if c, ok := list.selected(); ok {
			m.openDetail(c)
		}
		return nil
	}
	if list.navigate(msg, k) || !m.typing() {
		return nil
	}
	next, cmd := m.typeInto(msg)
	*m = next.(Model)
	return cmd
}

// typeInto passes a message to the input that has the focus, if any.
func (m Model) typeInto(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.current {
	case viewSearch:
		cmd = m.search.update(msg)
	case viewCatalog:
		cmd = m.catalog.update(msg)
	}
	return m, cmd
}

func (m Model) typing() bool {
	return m.current == viewSearch || m.current == viewCatalog && m.catalog.typing()
}

// back goes one step back; at the top it clears the filter or does nothing.
func (m *Model) back() {
	switch m.current {
	case viewDetail:
		m.current = m.detailFrom
		if m.current == viewSearch {
			m.search.focus()
		}
	case viewSearch:
		m.search.blur()
		m.current = viewCatalog
	case viewFavourites:
		m.current = viewCatalog
	case viewCatalog:
		m.catalog.clearFilter()
	}
}

func (m *Model) openDetail(c data.Cocktail) {
	if m.current != viewDetail {
		m.detailFrom = m.current
	}
	if m.current == viewSearch {
		m.search.blur()
	}
	m.current = viewDetail
	m.detail.show(c)
}

// shownCocktail is the cocktail the user is looking at: the one open, or
// the selected row.
func (m Model) shownCocktail() (data.Cocktail, bool) {
	switch m.current {
	case viewDetail:
		return m.detail.cocktail, true
	case viewFavourites:
		return m.favourites.list.selected()
	case viewSearch:
		return m.search.list.selected()
	}
	return m.catalog.list.selected()
}

func (m Model) toggleLike() tea.Cmd {
	c, ok := m.shownCocktail()
	if !ok {
		return nil
	}
	s, fingerprint := m.store, m.account.Fingerprint
	like := !s.Liked(fingerprint, c.ID)
	return func() tea.Msg {
		_, err := s.SetLike(fingerprint, c.ID, like)
		return likeSavedMsg{cocktail: c, liked: like, err: err}
	}
}

func (m *Model) likeSaved(msg likeSavedMsg) {
	switch {
	case msg.err != nil:
		m.status, m.statusError = fmt.Sprintf("Couldn't save your like of %s. Try again.", msg.cocktail.Name), true
	case msg.liked:
		m.status = "♥ Liked " + msg.cocktail.Name
	default:
		m.status = "Unliked " + msg.cocktail.Name
	}
	if m.current == viewFavourites {
		m.favourites.refresh(m.store, m.account.Fingerprint)
	}
}

func (m *Model) setStyles(isDark bool) {
	m.styles = NewStyles(isDark)
	m.help.Styles = m.styles.Help
	m.search.input.SetStyles(m.styles.Input)
	m.catalog.filter.SetStyles(m.styles.Input)
}

// minBody is the fewest body lines a view needs; the full help gives way
// to the short one rather than squeeze the body below it.
const minBody = 5

// helpView is the help bar: the full help when asked for and it fits.
func (m Model) helpView() string {
	bindings := m.helpFor()
	if m.help.ShowAll {
		full := m.help.FullHelpView(bindings.FullHelp())
		if m.height-chromeLines-lipgloss.Height(full) >= minBody {
			return full
		}
	}
	// Too narrow for every key: drop from the end but keep the last two
	// (help and quit, or back and quit), which are never to be hidden.
	short := bindings.ShortHelp()
	unbounded := m.help
	unbounded.SetWidth(0)
	for len(short) > 2 && lipgloss.Width(unbounded.ShortHelpView(short)) > m.width {
		short = append(short[:len(short)-3:len(short)-3], short[len(short)-2:]...)
	}
	return m.help.ShortHelpView(short)
}

// chromeLines is the number of lines around a view's body other than the
// help: the title bar, a blank line, the header and the status line.
const chromeLines = 4

func (m *Model) layout() {
	m.help.SetWidth(m.width)
	body := max(1, m.height-chromeLines-lipgloss.Height(m.helpView()))
	m.catalog.setSize(m.width, body)
	m.favourites.list.setSize(m.width, body)
	m.search.setSize(m.width, body)
	m.detail.setSize(m.width, body)
}

// likes tells the rows what this account likes.
type likes struct {
	store       *store.Store
	fingerprint string
}

func (m Model) likes() likes { return likes{m.store, m.account.Fingerprint} }

func (l likes) Likes(id string) int  { return l.store.Likes(id) }
func (l likes) Liked(id string) bool { return l.store.Liked(l.fingerprint, id) }

// View draws the whole screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "Barkeep"
	return v
}

func (m Model) render() string {
	if m.width < MinWidth || m.height < MinHeight {
		return m.tooSmall()
	}
	st := m.styles
	l := m.likes()
	var title, position, body string
	switch m.current {
	case viewCatalog:
		title, position, body = m.catalog.title(), m.catalog.list.position(), m.catalog.view(st, l)
	case viewFavourites:
		title, position, body = "My favourites", m.favourites.list.position(), m.favourites.view(st, l)
	case viewSearch:
		title, position, body = "Search by ingredient", m.search.list.position(), m.search.view(st, l)
	case viewDetail:
		title, position, body = "Cocktail", m.detail.position(st, l), m.detail.view(st, l)
	}
	status := st.Status.Render(m.status)
	if m.statusError {
		status = st.Error.Render(m.status)
	}
	return strings.Join([]string{
		m.titleBar(),
		"",
		spread(m.width, st.Header.Render(title), st.Position.Render(position)),
		body,
		ansi.Truncate(status, m.width, "…"),
		m.helpView(),
	}, "\n")
}

func (m Model) titleBar() string {
	st := m.styles
	left := st.TitleBadge.Render("Barkeep") + st.TitleText.Render(" cocktails over SSH")
	if m.width < 60 {
		left = st.TitleBadge.Render("Barkeep")
	}
	room := m.width - lipgloss.Width(left) - 1
	return spread(m.width, left, st.User.Render(ansi.Truncate(m.account.Name, max(room, 0), "…")))
}

func (m Model) tooSmall() string {
	lines := []string{
		"Make the window bigger.",
		fmt.Sprintf("Barkeep needs %d×%d,", MinWidth, MinHeight),
		fmt.Sprintf("this one is %d×%d.", m.width, m.height),
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], max(m.width, 0), "…")
	}
	if m.height < len(lines) {
		lines = lines[:max(m.height, 1)]
	}
	return strings.Join(lines, "\n")
}

// spread puts left and right at the two ends of a line of width cells,
// cutting left when both do not fit.
func spread(width int, left, right string) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(width-lipgloss.Width(right)-1, 0), "…")
		gap = max(width-lipgloss.Width(left)-lipgloss.Width(right), 1)
	}
	return left + strings.Repeat(" ", gap) + right
}
