package tui

import (
	"barkeep/data"
	"barkeep/keys"
	"barkeep/store"
	"barkeep/texts"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
)

// page is one screen of the TUI. The root keeps the pages opened, draws
// the frame around the one on screen and points the subscription at what
// it shows; the rest is the page's own.
type page interface {
	// header is what the header line calls the page, and what it says on
	// its right (a count, how far down), or "".
	header() (title, position string)
	// resize gives the page the size of its body; view draws the body at
	// exactly that size.
	resize(width, height int)
	view() string
	// update takes the key presses the root does not answer, and every
	// other message (pastes, cursor blinks) while the page is on screen.
	update(msg tea.Msg) tea.Cmd
	// typing says whether an input has the focus: letters are text then.
	typing() bool
	// help is the keys that do something now.
	help() keyHelp
	// shown appends to buf the cocktails whose likes are on screen; nil
	// means that any like may change the page.
	shown(buf []string) []string
}

// What some pages also do.
type (
	// A selector shows one cocktail above the others, which l likes.
	selector interface {
		selected() (data.Cocktail, bool)
	}
	// A drawer is a selector that r draws from: only from its pool.
	drawer interface {
		selector
		pool() []data.Cocktail
	}
	// A refresher reads again what the store holds for it, when it comes
	// (back) on screen and when likes or the bar change.
	refresher interface {
		refresh()
	}
	// A backer answers esc itself (by clearing a filter) when it can.
	backer interface {
		back() bool
	}
)

// navigator is what a page may ask of the root.
type navigator interface {
	// open puts a page on screen above the one there now.
	open(p page)
	// back goes back to the page before.
	back()
	// say and fail put a message on the status line.
	say(status string)
	fail(status string)
}

// common is what the pages of one session share.
type common struct {
	store       *store.Store
	fingerprint string
	// signUp is the account's sign-up while it may still be on its way to
	// disk; writes wait for it.
	signUp     *store.PendingSignUp
	keys       keys.KeyMap
	typingKeys keys.KeyMap
	styles     *Styles
	logger     *log.Logger
	nav        navigator

	// units is how cards write measures, for the whole session.
	units texts.Units

	liker likes

	// helps holds the pages' help, built once a session for each state.
	helps map[string]keyHelp

	// bar is the account's bar as last read, and barVersion counts its
	// changes, so that cards know when to tick again.
	bar        []string
	atHand     map[string]bool
	barRead    bool
	barVersion int
}

// likes tells the rows what this account likes; the value is the
// session's own, so that handing it out allocates nothing.
func (c *common) likes() likeInfo { return &c.liker }

// myBar is the account's bar, read from the store the first time and
// after each change.
func (c *common) myBar() []string {
	if !c.barRead {
		c.bar, c.atHand, c.barRead = c.store.Bar(c.fingerprint), c.store.AtHand(c.fingerprint), true
	}
	return c.bar
}

// myAtHand is what the account's bar stands in for, read with the bar.
func (c *common) myAtHand() map[string]bool {
	c.myBar()
	return c.atHand
}

// barChanged forgets the bar read, so that the next myBar reads it again.
func (c *common) barChanged() {
	c.barRead = false
	c.barVersion++
}

// write runs a write for the account as a command, once the account is on
// disk; a failure is logged here and told to the user by the message the
// command returns.
func (c *common) write(what string, do func() error, done func(err error) tea.Msg) tea.Cmd {
	pending, logger, fingerprint := c.signUp, c.logger, c.fingerprint
	return func() tea.Msg {
		err := durable(pending)
		if err == nil {
			err = do()
		}
		if err != nil && logger != nil {
			logger.Error("save failed", "what", what, "fingerprint", fingerprint, "err", err)
		}
		return done(err)
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

// keyHelp is the help a page offers now: a short line, and the full help's
// groups. id names it, for the cache of help bars every session shares.
type keyHelp struct {
	id    string
	short []key.Binding
	full  []keys.Group
}

// helpFor returns the help called id, built the first time it is asked
// for: the help bar asks at every frame.
func (c *common) helpFor(id string, build func() keyHelp) keyHelp {
	if h, ok := c.helps[id]; ok {
		return h
	}
	if c.helps == nil {
		c.helps = map[string]keyHelp{}
	}
	h := build()
	h.id = id
	c.helps[id] = h
	return h
}

// keyName is a key press as its bindings name it, worked out once a press:
// key.Matches would work it out again for every binding it is asked about.
type keyName string

func (k keyName) String() string { return string(k) }

// nameOf is the name of a key press, or "" for any other message.
func nameOf(msg tea.Msg) keyName {
	if press, ok := msg.(tea.KeyPressMsg); ok {
		return keyName(press.String())
	}
	return ""
}
