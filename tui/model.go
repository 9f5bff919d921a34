// Package tui is Barkeep's terminal interface: a root model that keeps the
// pages opened (the catalog, search, favourites, most liked, my bar, what
// I can make, a cocktail's card, the keys, my account), draws the frame
// around the one on screen and brings it other sessions' likes. It knows
// the store but nothing of SSH, so every page runs and tests as a plain
// model.
package tui

import (
	"slices"

	"barkeep/data"
	"barkeep/keys"
	"barkeep/reply"
	"barkeep/store"
	"barkeep/texts"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
)

// The smallest window the layout is made for; below it the TUI asks for a
// bigger one instead of drawing a broken screen.
const (
	MinWidth  = 40
	MinHeight = 12
)

// likesChangedMsg says that like counts the session shows, or the
// account's name, have changed.
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

// welcomedMsg reports that the welcome is on record (or could not be).
type welcomedMsg struct{}

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
	// Logger, when set, records the writes that failed; the user is told
	// only that they did.
	Logger *log.Logger
	// Width and Height are the window size, until the first resize.
	Width, Height int
}

// pageKind names the pages a key opens from anywhere; each is made once a
// session and kept, so that it keeps its cursor.
type pageKind int

const (
	catalogKind pageKind = iota
	searchKind
	favouritesKind
	topKind
	barKind
	makeableKind
	accountKind
)

// destination is a page a key opens from anywhere.
type destination struct {
	key  key.Binding
	kind pageKind
}

// Model is one session's TUI.
type Model struct {
	c       *common
	account store.Account
	changes *store.Subscription
	help    help.Model

	width, height int

	// history holds the pages opened, the one on screen last; esc goes
	// back through it. A page a key opens is in it at most once, and a
	// card only ever right above the page it was opened from.
	history      []page
	pages        map[pageKind]page
	destinations []destination

	// welcome is set while a new account's welcome is on screen, and
	// welcomeShown once it has been.
	welcome, welcomeShown bool

	status      string
	statusError bool

	frame frameCache

	// watching is what the subscription watches: the cocktails whose like
	// counts are on screen (nil: all of them).
	watching []string
	// shownBuffer is where the next shown list goes, so that a key press
	// that leaves the same cocktails on screen allocates nothing.
	shownBuffer []string
}

// New builds a session's model with dark styles, until the terminal says
// otherwise. The model is used by pointer: it is large, and Bubble Tea
// would otherwise copy it at every message.
func New(cfg Config) *Model {
	k := keys.Default()
	c := &common{
		store:       cfg.Store,
		fingerprint: cfg.Account.Fingerprint,
		keys:        k,
		typingKeys:  k.WhileTyping(),
		styles:      stylesFor(true),
		logger:      cfg.Logger,
	}
	m := &Model{
		c:       c,
		account: cfg.Account,
		changes: cfg.Changes,
		help:    help.New(),
		width:   cfg.Width,
		height:  cfg.Height,
		pages:   map[pageKind]page{},
		destinations: []destination{
			{k.Search, searchKind}, {k.Favourites, favouritesKind}, {k.Top, topKind},
			{k.Bar, barKind}, {k.Makeable, makeableKind}, {k.Account, accountKind},
		},
	}
	c.nav = m
	m.welcome = !cfg.Account.Welcomed
	if pending := cfg.SignUp; pending != nil {
		c.fingerprint, c.signUp = pending.Fingerprint(), pending
		m.account, m.welcome = store.Account{Fingerprint: pending.Fingerprint(), Name: pending.Name()}, true
		select {
		case <-pending.Done():
			if account, _, err := pending.Wait(); err == nil {
				m.account, c.signUp = account, nil // a known key: nothing to wait for
				m.welcome = !account.Welcomed
			}
		default: // a new key
		}
	}
	m.welcomeShown = m.welcome
	if m.changes != nil {
		m.changes.FollowAccount(c.fingerprint) // a rename elsewhere reaches the title bar
	}
	c.liker = likes{c.store, c.fingerprint}
	m.help.Styles = c.styles.Help
	m.history = []page{m.page(catalogKind)}
	m.layout()
	m.watchShown()
	return m
}

// page returns the page of a kind, made the first time it is asked for.
func (m *Model) page(kind pageKind) page {
	if p, ok := m.pages[kind]; ok {
		return p
	}
	var p page
	switch kind {
	case catalogKind:
		p = newCatalogPage(m.c)
	case searchKind:
		p = newSearchPage(m.c)
	case favouritesKind:
		p = newFavouritesPage(m.c)
	case topKind:
		p = newTopPage(m.c)
	case barKind:
		p = newBarPage(m.c)
	case makeableKind:
		p = newMakeablePage(m.c)
	case accountKind:
		p = newAccountPage(m.c, func() store.Account { return m.account })
	}
	m.pages[kind] = p
	return p
}

// Init asks the terminal for its background colour, waits for the account
// to be durable, and records a welcome shown.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.waitForSignUp(), m.recordWelcome())
}

// recordWelcome notes on disk that the welcome on screen has been shown:
// it is never shown to this key again. A new key's sign-up may note it in
// its own write (PendingSignUp.Welcomes).
func (m *Model) recordWelcome() tea.Cmd {
	if !m.welcome || m.c.signUp != nil && m.c.signUp.Welcomes() {
		return nil
	}
	return m.writeWelcome()
}

func (m *Model) writeWelcome() tea.Cmd {
	s, fingerprint := m.c.store, m.c.fingerprint
	return m.c.write("welcome", func() error { return s.MarkWelcomed(fingerprint) }, func(error) tea.Msg { return welcomedMsg{} })
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
	pending := m.c.signUp
	if pending == nil {
		return nil
	}
	return func() tea.Msg {
		account, _, err := pending.Wait()
		return signedUpMsg{account: account, err: err}
	}
}

// Update hands a message to the page on screen, then lays the screen out
// again: the help and the welcome change the room the body has.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.layout()
	m.watchShown()
	return m, cmd
}

func (m *Model) current() page { return m.history[len(m.history)-1] }

// watchShown points the subscription at the cocktails on screen, so that
// likes elsewhere cost this session nothing.
func (m *Model) watchShown() {
	if m.changes == nil {
		return
	}
	shown := m.current().shown(m.shownBuffer)
	if slices.Equal(shown, m.watching) && (shown == nil) == (m.watching == nil) {
		if shown != nil {
			m.shownBuffer = shown
		}
		return
	}
	m.changes.Watch(shown) // which copies them
	m.shownBuffer, m.watching = m.watching, shown
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
			m.fail("Couldn't open your account just now: nothing will be saved. Reconnect later.")
			return nil
		}
		pending := m.c.signUp
		m.account, m.c.signUp = msg.account, nil
		// A sign-up that found the account made meanwhile (by a command, or
		// another session) did not note this session's welcome.
		if m.welcomeShown && pending != nil && pending.Welcomes() && !msg.account.Welcomed {
			return m.writeWelcome()
		}
		return nil
	case welcomedMsg:
		return nil
	case likesChangedMsg:
		if m.changes != nil {
			// Taking them is also how the next change is heard of.
			if _, renamed := m.changes.TakeAll(); renamed && m.c.signUp == nil {
				if account, ok := m.c.store.Account(m.c.fingerprint); ok {
					m.account = account
				}
			}
		}
		m.refresh()
		return nil
	case likeSavedMsg:
		m.likeSaved(msg)
		return nil
	case barSavedMsg:
		m.barSaved(msg)
		return nil
	case renamedMsg:
		if msg.err == nil {
			m.account = msg.account
		}
		m.page(accountKind).(*accountPage).renamed(msg)
		return nil
	case tea.KeyPressMsg:
		return m.keyPress(msg)
	case tea.MouseClickMsg:
		mouse := msg.Mouse()
		mouse.Y -= m.bodyTop()
		return m.current().update(tea.MouseClickMsg(mouse))
	}
	// Anything else (the wheel, pastes, cursor blinks) is the page's.
	return m.current().update(msg)
}

func (m *Model) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	name := keyName(msg.String())
	m.status, m.statusError = "", false
	// The welcome goes at the first key, which still does its own job.
	m.welcome = false
	k, p := m.c.keys, m.current()
	if key.Matches(name, k.ForceQuit) {
		return tea.Quit
	}
	if p.typing() {
		return p.update(msg)
	}
	switch {
	case key.Matches(name, k.Quit):
		return tea.Quit
	case key.Matches(name, k.Help):
		if _, open := p.(*helpPage); open {
			m.back()
		} else {
			title, _ := p.header()
			m.open(newHelpPage(m.c, title, p.help()))
		}
		return nil
	case key.Matches(name, k.Back):
		if b, ok := p.(backer); !ok || !b.back() {
			m.back()
		}
		return nil
	case key.Matches(name, k.Random):
		m.random()
		return nil
	case key.Matches(name, k.Like):
		return m.toggleLike()
	}
	for _, d := range m.destinations {
		if key.Matches(name, d.key) {
			return m.show(d.kind)
		}
	}
	return p.update(msg)
}

// starter is a page that its key opens afresh: an input empty again.
type starter interface {
	start() tea.Cmd
}

// show opens a page by its key.
func (m *Model) show(kind pageKind) tea.Cmd {
	p := m.page(kind)
	m.open(p)
	if s, ok := p.(starter); ok {
		return s.start()
	}
	return nil
}

// open puts a page on screen, going back to it if it is already in the
// history; a card drawn again replaces the card on screen.
func (m *Model) open(p page) {
	if _, onHelp := m.current().(*helpPage); onHelp && len(m.history) > 1 {
		m.history = m.history[:len(m.history)-1] // the keys' help gives way to what it led to
	}
	if card, ok := p.(*cardPage); ok {
		if top, onCard := m.current().(*cardPage); onCard {
			top.show(card.cocktail)
			return
		}
	}
	if i := slices.Index(m.history, p); i >= 0 {
		m.history = m.history[:i+1]
	} else {
		m.history = append(m.history, p)
	}
	m.refreshCurrent()
}

// back goes one page back; on the first page it does nothing.
func (m *Model) back() {
	if len(m.history) == 1 {
		return
	}
	m.history = m.history[:len(m.history)-1]
	m.refreshCurrent()
}

func (m *Model) say(status string)  { m.status, m.statusError = status, false }
func (m *Model) fail(status string) { m.status, m.statusError = status, true }

// refreshCurrent has the page on screen read the store again.
func (m *Model) refreshCurrent() {
	if r, ok := m.current().(refresher); ok {
		m.current().resize(m.bodySize())
		r.refresh()
	}
}

// refresh re-reads what likes order or fill. Counts on screen are read
// from the store at each render.
func (m *Model) refresh() { m.refreshCurrent() }

// random opens a random cocktail other than the one shown: from the list
// the page on screen (or the card's) draws from, or the whole catalog.
func (m *Model) random() {
	p := m.current()
	pool, shown := m.c.store.Catalog().All(), ""
	if d, ok := p.(drawer); ok {
		pool = d.pool()
		if c, ok := d.selected(); ok {
			shown = c.ID
		}
	}
	c, ok := store.RandomOf(pool, shown)
	if !ok {
		m.say("Nothing here to pick from.")
		return
	}
	m.open(newCardPage(m.c, c, pool))
}

func (m *Model) toggleLike() tea.Cmd {
	s, ok := m.current().(selector)
	if !ok {
		return nil
	}
	c, ok := s.selected()
	if !ok {
		return nil
	}
	st, fingerprint := m.c.store, m.c.fingerprint
	like := !st.Liked(fingerprint, c.ID)
	return m.c.write("like", func() error {
		_, err := st.SetLike(fingerprint, c.ID, like)
		return err
	}, func(err error) tea.Msg { return likeSavedMsg{cocktail: c, liked: like, err: err} })
}

func (m *Model) likeSaved(msg likeSavedMsg) {
	switch {
	case msg.err != nil:
		m.fail(texts.Sentence(reply.CouldNotSave("your like of " + msg.cocktail.Name)))
	case msg.liked:
		m.say("♥ Liked " + msg.cocktail.Name)
	default:
		m.say("Unliked " + msg.cocktail.Name)
	}
	m.refresh()
}

func (m *Model) barSaved(msg barSavedMsg) {
	names := texts.List(msg.ingredients)
	switch {
	case msg.err != nil:
		m.fail(texts.Sentence(reply.CouldNotSave("your bar (" + names + ")")))
	case msg.added:
		m.say("Added " + names + " to your bar")
	default:
		m.say("Took " + names + " out of your bar")
	}
	m.c.barChanged()
	m.refresh()
}

func (m *Model) setStyles(isDark bool) {
	if m.c.styles.dark == isDark {
		return
	}
	m.c.styles = stylesFor(isDark)
	m.help.Styles = m.c.styles.Help
	for _, p := range m.pages {
		if styled, ok := p.(interface{ setInputStyles(*Styles) }); ok {
			styled.setInputStyles(m.c.styles)
		}
	}
}
