package tui

import (
	"strings"

	"barkeep/keys"
	"barkeep/reply"
	"barkeep/store"
	"barkeep/texts"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// accountPage shows the account (your key is your account) and renames
// it.
type accountPage struct {
	c       *common
	account func() store.Account // as the root knows it now
	input   lazyInput
	width   int
	height  int
}

// renamedMsg reports the end of a rename.
type renamedMsg struct {
	account store.Account
	err     error
}

func newAccountPage(c *common, account func() store.Account) *accountPage {
	p := &accountPage{c: c, account: account, input: newInput("New name › ", "", store.MaxNameLength+8)}
	p.input.SetStyles(&c.styles.Input)
	return p
}

// start opens the page with the input ready, empty.
func (p *accountPage) start() tea.Cmd {
	p.input.SetValue("")
	return p.input.Focus()
}

func (p *accountPage) header() (string, string) { return "My account", "" }

func (p *accountPage) resize(width, height int) {
	p.width, p.height = width, max(height, 1)
	p.input.SetWidth(max(min(width, texts.ReadingWidth)-len([]rune(p.input.prompt))-1, 1))
}

func (p *accountPage) view() string {
	st, a := p.c.styles, p.account()
	name := a.Name
	if name == "" {
		name = "(your account is being made)"
	}
	since := ""
	if !a.Since.IsZero() {
		since = a.Since.Format("2 January 2006")
	}
	lines := []string{
		p.input.View(),
		"",
		st.meta.wrap("Name   ") + st.text.wrap(ansi.Truncate(name, max(p.width-7, 1), "…")),
		st.meta.wrap("Key    ") + st.text.wrap(ansi.Truncate(p.c.fingerprint, max(p.width-7, 1), "…")),
		st.meta.wrap("Since  ") + st.text.wrap(since),
		"",
	}
	for _, line := range texts.Wrap("Your SSH key is your account: connect with the same key and you are back, likes and bar and all. The name is what Barkeep calls you.", min(p.width, texts.ReadingWidth)) {
		lines = append(lines, st.hint.wrap(line))
	}
	out := make([]string, p.height)
	copy(out, lines)
	return strings.Join(out, "\n")
}

func (p *accountPage) update(msg tea.Msg) tea.Cmd {
	name := nameOf(msg)
	if !p.typing() {
		if key.Matches(name, p.c.keys.Account) {
			return p.input.Focus()
		}
		return nil
	}
	typing := p.c.typingKeys
	switch {
	case key.Matches(name, typing.Back):
		p.input.Blur()
		p.c.nav.back()
		return nil
	case key.Matches(name, typing.Save):
		return p.rename()
	}
	return p.input.Update(msg)
}

func (p *accountPage) rename() tea.Cmd {
	name, err := store.ValidateName(p.input.Value())
	if err != nil {
		p.c.nav.fail(texts.Sentence(err.Error()))
		return nil
	}
	var renamed store.Account
	s, fingerprint := p.c.store, p.c.fingerprint
	return p.c.write("name", func() (err error) {
		renamed, err = s.Rename(fingerprint, name)
		return err
	}, func(err error) tea.Msg { return renamedMsg{account: renamed, err: err} })
}

// renamed puts the new name in place, or says why not.
func (p *accountPage) renamed(msg renamedMsg) {
	if msg.err != nil {
		p.c.nav.fail(texts.Sentence(reply.CouldNotSave("your new name")))
		return
	}
	p.input.SetValue("")
	p.input.Blur()
	p.c.nav.say("You are " + msg.account.Name + " now")
}

func (p *accountPage) typing() bool { return p.input.Focused() }

func (p *accountPage) help() keyHelp {
	k := &p.c.keys
	if p.typing() {
		return p.c.helpFor("account/typing", func() keyHelp { return typingHelp(k.Save, k.Back, k.ForceQuit) })
	}
	return p.c.helpFor("account", func() keyHelp {
		rename := k.Account
		rename.SetHelp("n", "rename")
		return keyHelp{
			short: []key.Binding{rename, k.Search, k.Bar, k.Back, k.Help, k.Quit},
			full:  []keys.Group{{Title: "My account", Keys: []key.Binding{rename}}, k.Views(), k.General()},
		}
	})
}

func (p *accountPage) shown(buf []string) []string { return noneShown(buf) }
