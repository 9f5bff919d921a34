// Package tui is Barkeep's terminal interface: a root model that routes
// between the catalog, search, favourites, most liked, bar, makeable and
// detail views. It knows the store but nothing of SSH, so every view runs
// and tests as a plain model.
package tui

import (
	"fmt"
	"slices"

	"barkeep/data"
	"barkeep/keys"
	"barkeep/store"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	viewSearch
	viewFavourites
	viewTop
	viewBar
	viewMakeable
	viewDetail
)

// likesChangedMsg says that like counts the session shows have changed.
type likesChangedMsg struct{}

// signedUpMsg reports the end of the session's sign-up.
type signedUpMsg struct {
	account store.Account
	err     error
}

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
	// SignUp, when set, takes the place of Account: the account may still
	// be on its way to disk. The session browses meanwhile; it shows the
	// account's name, and saves likes and bar changes, once it is durable.
	SignUp *store.PendingSignUp
	// Changes, when set, brings other sessions' likes live into this one.
	Changes *store.Subscription
	// Width and Height are the window size, until the first resize.
	Width, Height int
}

// Model is one session's TUI.
type Model struct {
	store   *store.Store
	account store.Account
	signUp  *store.PendingSignUp // nil when the account was durable from the start
	changes *store.Subscription
	keys    keys.KeyMap
	styles  *Styles
	help    help.Model

	width, height int

	// history holds the views opened, the one on screen last; esc goes
	// back through it. A view is in it at most once.
	history []view

	catalog    catalogView
	search     searchView
	favourites favouritesView
	top        topView
	bar        barView
	makeable   makeableView
	detail     detailView

	status      string
	statusError bool

	// The help bar, title bar and header as last drawn, and for what.
	helpDrawn      string
	helpDrawnFor   helpInputs
	titleDrawn     string
	titleDrawnFor  titleInputs
	headerDrawn    string
	headerDrawnFor headerInputs

	// watching is what the subscription watches: the cocktails whose like
	// counts are on screen (nil: all of them).
	watching []string
	// shownBuffer is where the next shownIDs goes, so that a key press
	// that leaves the same cocktails on screen allocates nothing.
	shownBuffer []string
}

// New builds a session's model with dark styles, until the terminal says
// otherwise. The model is used by pointer: it is large, and Bubble Tea
// would otherwise copy it at every message.
func New(cfg Config) *Model {
	m := &Model{
		store:   cfg.Store,
		account: cfg.Account,
		changes: cfg.Changes,
		keys:    keys.Default(),
		help:    help.New(),
		width:   cfg.Width,
		height:  cfg.Height,
		history: []view{viewCatalog},
		catalog: newCatalogView(cfg.Store.Catalog()),
		search:  newSearchView(cfg.Store.Catalog()),
		bar:     newBarView(cfg.Store.Catalog()),
	}
	if pending := cfg.SignUp; pending != nil {
		m.account, m.signUp = store.Account{Fingerprint: pending.Fingerprint()}, pending
		select {
		case <-pending.Done():
			if account, _, err := pending.Wait(); err == nil {
				m.account, m.signUp = account, nil // a known key: nothing to wait for
			}
		default:
		}
	}
	widest := widestName(cfg.Store.Catalog())
	for _, list := range m.lists() {
		list.widestName = widest
	}
	m.setStyles(true)
	m.layout()
	m.watchShown()
	return m
}

// Init asks the terminal for its background colour and waits for the
// account to be durable.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.waitForSignUp())
}

// HearLikesIn has the program that runs the model hear of likes made
// elsewhere on the cocktails it shows. A goroutine exists only while a
// change is being delivered: a thousand idle sessions wait on nothing.
func (m *Model) HearLikesIn(p *tea.Program) { m.hearLikes(p.Send) }

func (m *Model) hearLikes(send func(tea.Msg)) {
	if m.changes == nil {
		return
	}
	// The store calls this with its lock held: the send must not block it.
	m.changes.Notify(func() { go send(likesChangedMsg{}) })
}

func (m *Model) waitForSignUp() tea.Cmd {
	pending := m.signUp
	if pending == nil {
		return nil
	}
	return func() tea.Msg {
		account, _, err := pending.Wait()
		return signedUpMsg{account: account, err: err}
	}
}

// durable waits for the account to be on disk before a write for it, and
// returns why it never will be.
func durable(pending *store.PendingSignUp) error {
	if pending == nil {
		return nil
	}
	_, _, err := pending.Wait()
	return err
}

// Update routes a message to the view on screen, then lays the screen out
// again: the help and the filter line change the room the body has.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.layout()
	m.watchShown()
	return m, cmd
}

// watchShown points the subscription at the cocktails on screen, so that
// likes elsewhere cost this session nothing.
func (m *Model) watchShown() {
	if m.changes == nil {
		return
	}
	shown := m.shownIDs(m.shownBuffer)
	if slices.Equal(shown, m.watching) && (shown == nil) == (m.watching == nil) {
		if shown != nil {
			m.shownBuffer = shown
		}
		return
	}
	m.changes.Watch(shown) // which copies them
	m.shownBuffer, m.watching = m.watching, shown
}

// shownIDs lists the cocktails whose like counts are on screen, into buf;
// nil means any like may change the screen.
func (m *Model) shownIDs(buf []string) []string {
	switch m.current() {
	case viewTop:
		return nil // a like anywhere may reorder the ranking
	case viewDetail:
		return append(buf[:0], m.detail.cocktail.ID)
	}
	shown := buf[:0]
	if shown == nil {
		shown = []string{}
	}
	if list := m.currentList(); list != nil {
		for _, c := range list.items[list.offset:min(list.offset+list.height, len(list.items))] {
			shown = append(shown, c.ID)
		}
	}
	return shown
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case tea.BackgroundColorMsg:
		m.setStyles(msg.IsDark())
		return nil
	case signedUpMsg:
		if msg.err != nil {
			m.status, m.statusError = "Couldn't open your account just now: nothing will be saved. Reconnect later.", true
			return nil
		}
		m.account = msg.account
		return nil
	case likesChangedMsg:
		if m.changes != nil {
			m.changes.Take() // and hear of the next change
		}
		m.likesChanged()
		return nil
	case likeSavedMsg:
		m.likeSaved(msg)
		return nil
	case barSavedMsg:
		m.barSaved(msg)
		return nil
	case tea.KeyPressMsg:
		return m.keyPress(msg)
	case tea.MouseClickMsg:
		return m.click(msg.Mouse())
	case tea.MouseWheelMsg:
		m.wheel(msg.Mouse())
		return nil
	}
	// Anything else (pastes, cursor blinks) belongs to the input being
	// typed in, if any.
	return m.typeInto(msg)
}

func (m *Model) current() view { return m.history[len(m.history)-1] }

// open puts v on screen, going back to it if it is already in the history.
func (m *Model) open(v view) {
	if i := slices.Index(m.history, v); i >= 0 {
		m.history = m.history[:i+1]
		return
	}
	m.history = append(m.history, v)
}

// back goes one step back; at the top it clears the filter or does nothing.
func (m *Model) back() {
	m.blurInputs()
	if len(m.history) == 1 {
		m.catalog.clearFilter()
		return
	}
	m.history = m.history[:len(m.history)-1]
}

func (m *Model) blurInputs() {
	m.search.blur()
	m.bar.blur()
}

// keyName is a key press as its bindings name it, worked out once a press:
// key.Matches would work it out again for every binding it is asked about.
type keyName string

func (k keyName) String() string { return string(k) }

func (m *Model) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	name := keyName(msg.String())
	m.status, m.statusError = "", false
	if key.Matches(name, m.keys.ForceQuit) {
		return tea.Quit
	}
	if m.typing() {
		return m.keyWhileTyping(msg, name)
	}
	k := m.keys
	switch {
	case key.Matches(name, k.Quit):
		return tea.Quit
	case key.Matches(name, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return nil
	case key.Matches(name, k.Random):
		m.random()
		return nil
	case key.Matches(name, k.Like):
		return m.toggleLike()
	case key.Matches(name, k.Back):
		m.back()
		return nil
	case key.Matches(name, k.Search):
		m.open(viewSearch)
		return m.search.focus()
	case key.Matches(name, k.Favourites):
		m.favourites.refresh(m.store, m.account.Fingerprint)
		m.open(viewFavourites)
		return nil
	case key.Matches(name, k.Top):
		m.top.refresh(m.store)
		m.open(viewTop)
		return nil
	case key.Matches(name, k.Bar):
		m.bar.refresh(m.store, m.account.Fingerprint)
		m.open(viewBar)
		if len(m.bar.items) == 0 {
			return m.bar.focus()
		}
		return nil
	case key.Matches(name, k.Makeable):
		m.makeable.refresh(m.store, m.account.Fingerprint)
		m.open(viewMakeable)
		return nil
	}
	switch m.current() {
	case viewCatalog:
		if key.Matches(name, k.Filter) {
			return m.catalog.startFilter()
		}
	case viewBar:
		switch {
		case key.Matches(name, k.Add):
			return m.bar.focus()
		case key.Matches(name, k.Remove):
			return m.removeFromBar()
		}
		m.bar.navigate(name, k)
		return nil
	case viewDetail:
		m.detail.navigate(name, k, len(m.detail.lines(m.styles, m.likes())))
		return nil
	}
	m.openOrNavigate(name, k)
	return nil
}

// keyWhileTyping handles a key while an input has the focus: most keys are
// text, only a few keys move or leave.
func (m *Model) keyWhileTyping(msg tea.KeyPressMsg, name keyName) tea.Cmd {
	typing := m.keys.WhileTyping()
	switch m.current() {
	case viewSearch:
		switch {
		case key.Matches(name, typing.Back):
			// Leave the input for the results, or the view when there
			// are none to look at.
			if len(m.search.list.items) == 0 {
				m.back()
			}
			m.search.blur()
			return nil
		case key.Matches(name, typing.Complete):
			m.search.complete()
			return nil
		}
	case viewCatalog:
		switch {
		case key.Matches(name, typing.Back):
			m.catalog.clearFilter()
			return nil
		case key.Matches(name, typing.Apply):
			m.catalog.applyFilter()
			return nil
		}
	case viewBar:
		switch {
		case key.Matches(name, typing.Back):
			m.bar.blur()
			return nil
		case key.Matches(name, typing.Complete):
			m.bar.complete()
			return nil
		case key.Matches(name, typing.Apply):
			return m.addToBar()
		case m.bar.navigate(name, typing):
			return nil
		}
		return m.typeInto(msg)
	}
	if m.openOrNavigate(name, typing) {
		return nil
	}
	return m.typeInto(msg)
}

// currentList is the cocktail list on screen, if any.
// lists are every view's list of cocktails.
func (m *Model) lists() []*cocktailList {
	return []*cocktailList{&m.catalog.list, &m.search.list, &m.favourites.list, &m.top.list, &m.makeable.list}
}

func (m *Model) currentList() *cocktailList {
	switch m.current() {
	case viewCatalog:
		return &m.catalog.list
	case viewSearch:
		return &m.search.list
	case viewFavourites:
		return &m.favourites.list
	case viewTop:
		return &m.top.list
	case viewMakeable:
		return &m.makeable.list
	}
	return nil
}

// openOrNavigate opens the selected cocktail on enter and moves on movement
// keys; it says whether the key was one of those.
func (m *Model) openOrNavigate(name keyName, k keys.KeyMap) bool {
	list := m.currentList()
	if list == nil {
		return false
	}
	if key.Matches(name, k.Open) {
		if c, ok := list.selected(); ok {
			m.openDetail(c)
		}
		return true
	}
	return list.navigate(name, k)
}

// typeInto passes a message to the input that has the focus, if any.
func (m *Model) typeInto(msg tea.Msg) tea.Cmd {
	switch {
	case m.current() == viewSearch && m.search.typing():
		return m.search.update(msg)
	case m.current() == viewCatalog && m.catalog.typing():
		return m.catalog.update(msg)
	case m.current() == viewBar && m.bar.typing():
		return m.bar.update(msg)
	}
	return nil
}

func (m *Model) typing() bool {
	switch m.current() {
	case viewSearch:
		return m.search.typing()
	case viewCatalog:
		return m.catalog.typing()
	case viewBar:
		return m.bar.typing()
	}
	return false
}

func (m *Model) openDetail(c data.Cocktail) {
	if _, onMenu := m.store.Catalog().Cocktail(c.ID); !onMenu {
		m.status = c.ID + " is not on the menu now: l unlikes it."
		return
	}
	m.blurInputs()
	m.detail.show(c)
	m.open(viewDetail)
}

// shownCocktail is the cocktail the user is looking at: the one open, or
// the selected row.
func (m *Model) shownCocktail() (data.Cocktail, bool) {
	if m.current() == viewDetail {
		return m.detail.cocktail, true
	}
	if list := m.currentList(); list != nil {
		return list.selected()
	}
	return data.Cocktail{}, false
}

// random opens a random cocktail other than the one shown: from the list on
// screen in search, favourites, most liked and makeable (only the ones I
// can make now), from the whole catalog anywhere else.
func (m *Model) random() {
	shown, _ := m.shownCocktail()
	var pool []data.Cocktail
	switch m.current() {
	case viewSearch, viewTop:
		pool = m.currentList().items
	case viewFavourites:
		pool = m.favourites.onMenu
	case viewMakeable:
		pool = m.makeable.ready
	default:
		m.openDetail(m.store.Catalog().Random(shown.ID))
		return
	}
	c, ok := store.RandomOf(pool, shown.ID)
	if !ok {
		m.status = "Nothing here to pick from."
		return
	}
	m.openDetail(c)
}

func (m *Model) toggleLike() tea.Cmd {
	c, ok := m.shownCocktail()
	if !ok {
		return nil
	}
	s, fingerprint, pending := m.store, m.account.Fingerprint, m.signUp
	like := !s.Liked(fingerprint, c.ID)
	return func() tea.Msg {
		if err := durable(pending); err != nil {
			return likeSavedMsg{cocktail: c, liked: like, err: err}
		}
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
	m.likesChanged()
}

// likesChanged re-reads the lists that likes order or fill. Counts on
// screen are read from the store at each render.
func (m *Model) likesChanged() {
	switch m.current() {
	case viewFavourites:
		m.favourites.refresh(m.store, m.account.Fingerprint)
	case viewTop:
		m.top.refresh(m.store)
	}
}

func (m *Model) addToBar() tea.Cmd {
	ingredient, problem := m.bar.resolve()
	if problem != "" {
		m.status, m.statusError = problem, true
	}
	if ingredient == "" {
		return nil
	}
	m.bar.input.SetValue("")
	return m.saveBar(ingredient, true)
}

func (m *Model) removeFromBar() tea.Cmd {
	ingredient, ok := m.bar.selected()
	if !ok {
		return nil
	}
	return m.saveBar(ingredient, false)
}

func (m *Model) saveBar(ingredient string, add bool) tea.Cmd {
	s, fingerprint, pending := m.store, m.account.Fingerprint, m.signUp
	return func() tea.Msg {
		if err := durable(pending); err != nil {
			return barSavedMsg{ingredient: ingredient, added: add, err: err}
		}
		err := s.SetInBar(fingerprint, []string{ingredient}, add)
		return barSavedMsg{ingredient: ingredient, added: add, err: err}
	}
}

func (m *Model) barSaved(msg barSavedMsg) {
	switch {
	case msg.err != nil:
		m.status, m.statusError = fmt.Sprintf("Couldn't save your bar (%s). Try again.", msg.ingredient), true
	case msg.added:
		m.status = "Added " + msg.ingredient + " to your bar"
	default:
		m.status = "Took " + msg.ingredient + " out of your bar"
	}
	m.bar.refresh(m.store, m.account.Fingerprint)
	m.makeable.refresh(m.store, m.account.Fingerprint)
}

// bodyTop is the screen line where a view's body starts, below the title
// bar, a blank line and the header.
const bodyTop = 3

// click selects the row clicked in a list, and opens it when it was already
// selected (so a double click opens too).
func (m *Model) click(mouse tea.Mouse) tea.Cmd {
	list := m.currentList()
	if list == nil || mouse.Button != tea.MouseLeft {
		return nil
	}
	if list.clickRow(mouse.Y - bodyTop - m.listTop()) {
		if c, ok := list.selected(); ok {
			m.openDetail(c)
		}
	}
	return nil
}

// listTop is how many lines of the body sit above the list.
func (m *Model) listTop() int {
	switch m.current() {
	case viewSearch:
		return searchHeaderLines
	case viewCatalog:
		if m.catalog.filtering() {
			return 1
		}
	}
	return 0
}

// wheelStep is how many rows one wheel notch moves.
const wheelStep = 3

func (m *Model) wheel(mouse tea.Mouse) {
	delta := map[tea.MouseButton]int{tea.MouseWheelUp: -wheelStep, tea.MouseWheelDown: wheelStep}[mouse.Button]
	if list := m.currentList(); list != nil {
		list.scroll(delta)
		return
	}
	if m.current() == viewDetail {
		m.detail.scroll(delta, len(m.detail.lines(m.styles, m.likes())))
	}
}

func (m *Model) setStyles(isDark bool) {
	if m.styles != nil && m.styles.dark == isDark {
		return
	}
	m.styles = stylesFor(isDark)
	m.help.Styles = m.styles.Help
	m.search.input.SetStyles(&m.styles.Input)
	m.catalog.filter.SetStyles(&m.styles.Input)
	m.bar.input.SetStyles(&m.styles.Input)
}
