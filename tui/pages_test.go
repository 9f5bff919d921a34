package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"barkeep/texts"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"github.com/charmbracelet/x/ansi"
)

// lineWith returns the first screen line holding every part.
func (s *session) lineWith(parts ...string) (string, bool) {
	for _, line := range strings.Split(s.screen(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return line, true
		}
	}
	return "", false
}

// helpBar is the last line of the screen.
func (s *session) helpBar() string {
	lines := strings.Split(s.screen(), "\n")
	return lines[len(lines)-1]
}

func TestAWideWindowShowsTheSelectedCardBesideTheList(t *testing.T) {
	st := newStore(t)
	s, _ := newLiveSession(t, st, "alice", 120, 40)
	// The card's first line is beside the list's first row.
	firstRow := func() string { return strings.Split(s.screen(), "\n")[headerLines] }
	if row := firstRow(); !strings.Contains(row, "▸ Americano") || !strings.HasSuffix(row, "│ Americano") {
		t.Fatalf("the card is not beside the list:\n%s", s.screen())
	}
	s.wantScreen("How to make it")
	s.press("j")
	if row := firstRow(); !strings.HasSuffix(row, "│ Daiquiri") {
		t.Fatalf("the card did not follow the cursor:\n%s", s.screen())
	}
	// Another session's like reaches the row and the card both.
	bob := newSession(t, st, "bob", 80, 24)
	bob.press("j", "l")
	s.send(likesChangedMsg{})
	if row := s.row("Daiquiri  "); !strings.Contains(row, "♡ 1") {
		t.Errorf("the row does not show bob's like: %q", row)
	}
	s.wantScreen("♡ 1 like · press l to like it")

	// Narrower, one column.
	s.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	s.dontWantScreen("│", "How to make it")
}

func TestProseKeepsToAReadableMeasure(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 300, 60)
	s.press("G", "enter")
	lines := strings.Split(s.screen(), "\n")
	for _, line := range lines[1 : len(lines)-1] { // the title and help bars span the window
		if w := ansi.StringWidth(strings.TrimRight(line, " ")); w > texts.ReadingWidth+2 {
			t.Errorf("a line of the card is %d wide: %q", w, line)
		}
	}
}

func TestHelpShowsEveryKeyAtTheSmallestSize(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 40, 12)
	s.press("?")
	s.wantScreen("Keys", "enter  open", "… ↓ for more")
	s.press("G")
	s.wantScreen("q    quit")
	s.dontWantScreen("enter  open")
	s.press("?")
	s.wantScreen("All cocktails", "▸ Americano")
	// From the help, a page's key goes to that page, and esc comes back
	// to where the help was asked for.
	s.press("?", "t", "esc")
	s.wantScreen("All cocktails")
}

func TestTheHelpBarShowsWhatAppliesNow(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("f")
	if bar := s.helpBar(); strings.Contains(bar, "enter open") || strings.Contains(bar, "l like") || strings.Contains(bar, "r random") {
		t.Errorf("an empty list offers %q", bar)
	}
	s.press("esc")
	if bar := s.helpBar(); !strings.Contains(bar, "enter open") || !strings.Contains(bar, "l like") {
		t.Errorf("the list offers %q", bar)
	}
	s.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	if bar := s.helpBar(); !strings.Contains(bar, "? more") || !strings.Contains(bar, "q quit") {
		t.Errorf("at 40 columns the help bar is %q: it must say how to reach the rest", bar)
	}
}

func TestRandomOnACardDrawsFromTheListItWasOpenedFrom(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	if err := st.SetInBar(s.me.Fingerprint, []string{"gin", "dry vermouth", "sweet vermouth", "campari"}, true); err != nil {
		t.Fatal(err)
	}
	s.m.c.barChanged()
	for _, from := range []struct {
		name string
		keys []string
		pool []string
	}{
		{"search results", []string{"s", "c", "a", "m", "p", "a", "r", "i", "enter"}, []string{"americano", "negroni"}},
		{"makeable", []string{"m", "enter"}, []string{"dry-martini", "negroni"}},
	} {
		t.Run(from.name, func(t *testing.T) {
			s.press(from.keys...)
			for range 30 {
				s.press("r")
				if id := s.card(); !strings.Contains(strings.Join(from.pool, " "), id) || id == "" {
					t.Fatalf("r on a card opened from %s drew %q, not one of %v", from.name, id, from.pool)
				}
			}
			s.press("esc", "esc")
		})
	}
}

func TestListsOpenAtTheTopAndKeepTheirCursor(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	s.press("j", "j", "j") // the catalog's cursor moves, not makeable's
	if err := st.SetInBar(s.me.Fingerprint, []string{"gin", "dry vermouth", "sweet vermouth", "campari", "white rum", "lime juice"}, true); err != nil {
		t.Fatal(err)
	}
	s.press("m")
	if line, _ := s.lineWith("▸"); !strings.Contains(line, "Dry Martini") {
		t.Errorf("makeable opened at %q, not at its top:\n%s", line, s.screen())
	}
	s.press("j", "j", "t", "m")
	if line, _ := s.lineWith("▸"); !strings.Contains(line, "Americano") {
		t.Errorf("makeable came back at %q, not where its cursor was", line)
	}
	s.press("esc", "esc")
	if id := s.catalogSelected(); id != "kir" {
		t.Errorf("the catalog came back at %s, not at kir", id)
	}
}

func TestIngredientInputsTakeCommasAndStartEmpty(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("b")
	s.typeText("sweet vermouth, lime juice")
	s.save("enter")
	s.wantScreen("Added sweet vermouth and lime juice to your bar", "2 ingredients")
	s.typeText("white rum mint leaves")
	s.save("enter")
	s.wantScreen("Added white rum and mint leaves to your bar")

	s.press("s")
	s.typeText("campari")
	s.press("esc", "s")
	s.typeText("gin")
	s.wantScreen("Ingredients › gin")
	s.dontWantScreen("camparigin")

	s.press("esc", "s")
	s.typeText("gin camp")
	s.wantScreen("1 cocktail with gin + camp", "Negroni")
}

func TestCompletionShowsItsCandidatesWhileTyping(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("s")
	s.typeText("gin, verm")
	s.wantScreen("tab: vermouth · sweet vermouth · dry vermouth")
	s.press("tab")
	s.wantScreen("Ingredients › gin, vermouth", "Dry Martini", "Negroni")
	s.press("tab", "tab")
	s.wantScreen("Ingredients › gin, dry vermouth", "Dry Martini")
}

func TestEnterOnAnIngredientListsTheCocktailsWithIt(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	if err := st.SetInBar(s.me.Fingerprint, []string{"campari", "gin"}, true); err != nil {
		t.Fatal(err)
	}
	s.press("b", "enter")
	s.wantScreen("Cocktails with campari", "2 cocktails", "Americano", "Negroni")
	s.dontWantScreen("Dry Martini")
	s.press("esc")
	s.wantScreen("My bar")
}

func TestTheCardConvertsScalesTicksAndCopies(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	if err := st.SetInBar(s.me.Fingerprint, []string{"gin"}, true); err != nil {
		t.Fatal(err)
	}
	s.press("/")
	s.typeText("dry")
	s.press("enter", "enter")
	s.wantScreen("✓ 60 ml  gin", "✗ 10 ml  dry vermouth", "(✗: not in your bar)")
	s.press("u")
	s.wantScreen("✓ 2 oz  gin", "✗ ⅓ oz  dry vermouth", "Measures in oz")
	s.press("+", "+")
	s.wantScreen("Ingredients for 3", "6 oz  gin", "1 oz  dry vermouth", "lemon twist, on each glass")
	for range 20 {
		s.press("+")
	}
	s.wantScreen("Ingredients for 12", "12 servings is the most.")
	for range 20 {
		s.press("-")
	}
	s.wantScreen("2 oz  gin", "One serving is the fewest.")

	// Ounces stay for the session: the next card is in ounces too.
	s.press("esc", "esc", "s")
	s.typeText("campari")
	s.press("enter")
	s.wantScreen("1 oz  campari")

	copied := fmt.Sprint(s.press("c")())
	for _, want := range []string{"Americano", "1 oz  campari", "How to make it"} {
		if !strings.Contains(copied, want) {
			t.Errorf("the clipboard lacks %q:\n%s", want, copied)
		}
	}
	if strings.Contains(copied, "\x1b") || strings.Contains(copied, "press l") {
		t.Errorf("the clipboard holds more than the recipe as text:\n%q", copied)
	}
	s.wantScreen("Copied Americano to the clipboard")
}

func TestANewKeyIsWelcomedOnce(t *testing.T) {
	st := newStore(t)
	pending := st.SignUpInBackground("SHA256:newcomer", "root")
	s := &session{t: t, m: New(Config{Store: st, SignUp: pending, Width: 80, Height: 24}), store: st}
	s.wantScreen("Welcome to Barkeep!", "Your SSH key is your account", "signed up as root; n changes your name.", "All cocktails", "▸ Americano")
	// The account on disk changes nothing on screen: no second paint, no
	// panel growing under the reader's eyes.
	first := s.m.View().Content
	s.send(s.m.waitForSignUp()())
	if now := s.m.View().Content; now != first {
		t.Errorf("the screen changed when the sign-up landed:\n%s\nwas:\n%s", ansi.Strip(now), ansi.Strip(first))
	}
	for _, msg := range runBatch(s.m.Init()) {
		if _, ok := msg.(welcomedMsg); ok {
			s.send(msg)
		}
	}
	if a, _ := st.Account("SHA256:newcomer"); !a.Welcomed {
		t.Fatal("the welcome is not on record")
	}
	// The first key puts the welcome away and does its own job.
	s.press("s")
	s.dontWantScreen("Welcome")
	s.wantScreen("Search by ingredient", "Ingredients › ")

	again, _ := st.Account("SHA256:newcomer")
	later := &session{t: t, m: New(Config{Store: st, Account: again, Width: 80, Height: 24}), store: st}
	later.dontWantScreen("Welcome")
}

// runBatch runs a command and the commands of a batch, and returns their
// messages.
func runBatch(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var msgs []tea.Msg
		for _, c := range batch {
			msgs = append(msgs, runBatch(c)...)
		}
		return msgs
	}
	return []tea.Msg{msg}
}

func TestTheTUIRenamesTheAccount(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "root", 80, 24)
	s.press("n")
	s.wantScreen("My account", "Name   root", "New name › ")
	s.press("enter")
	s.wantScreen("A name cannot be blank.")
	s.typeText("Alice")
	s.save("enter")
	s.wantScreen("You are Alice now")
	if line := strings.Split(s.screen(), "\n")[0]; !strings.HasSuffix(strings.TrimSpace(line), "Alice") {
		t.Errorf("the title bar is %q", line)
	}
	if a, _ := st.Account(s.me.Fingerprint); a.Name != "Alice" {
		t.Errorf("the store has the name %q", a.Name)
	}
	s.press("esc")
	s.wantScreen("All cocktails")
}

// A rename made elsewhere (ssh host name, another session, another node)
// reaches the title bar and the account page of the key's open sessions.
func TestARenameElsewhereReachesTheTitleBar(t *testing.T) {
	st := newStore(t)
	s, changes := newLiveSession(t, st, "root", 80, 24)
	ready := make(chan struct{}, 1)
	changes.Notify(func() { ready <- struct{}{} })
	if _, err := st.Rename(s.me.Fingerprint, "Alice"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the session heard nothing of the rename")
	}
	s.send(likesChangedMsg{})
	if line := strings.Split(s.screen(), "\n")[0]; !strings.HasSuffix(strings.TrimSpace(line), "Alice") {
		t.Errorf("the title bar is %q", line)
	}
	s.press("n")
	s.wantScreen("Name   Alice")
}

func TestAFailedSaveIsLogged(t *testing.T) {
	st := newStore(t)
	var logged bytes.Buffer
	me, _, err := st.SignUp("SHA256:alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	s := &session{t: t, m: New(Config{Store: st, Account: me, Logger: log.New(&logged), Width: 80, Height: 24}), store: st, me: me}
	like := s.send(keyPress("l"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	s.send(like())
	s.wantScreen("Could not save your like of Americano")
	if !strings.Contains(logged.String(), "save failed") || !strings.Contains(logged.String(), "SHA256:alice") {
		t.Errorf("the log has %q", logged.String())
	}
}

// A frame that shows nothing new is the same text, which the renderer
// does not send again.
func TestAFrameThatDoesNotChangeIsTheSame(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 120, 40)
	before := s.m.View().Content
	s.send(tea.KeyPressMsg{Code: tea.KeyF5})
	s.send(tea.BackgroundColorMsg{Color: nil})
	if after := s.m.View().Content; after != before {
		t.Error("a key that does nothing changed the frame")
	}
}

// The account stays what it was when a rename fails.
func TestARenameThatFailsChangesNothing(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "root", 80, 24)
	s.press("n")
	s.typeText("Alice")
	cmd := s.send(keyPress("enter"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		s.send(msg)
	case <-time.After(5 * time.Second):
		t.Fatal("the rename never ended")
	}
	s.wantScreen("Could not save your new name")
	if line := strings.Split(s.screen(), "\n")[0]; !strings.Contains(line, "root") {
		t.Errorf("the title bar is %q", line)
	}
}

func TestANewKeysSignUpRecordsItsWelcomeInItsOwnWrite(t *testing.T) {
	st := newStore(t)
	pending := st.SignUpWelcomedInBackground("SHA256:newcomer", "root")
	s := &session{t: t, m: New(Config{Store: st, SignUp: pending, Width: 80, Height: 24}), store: st}
	s.wantScreen("Welcome to Barkeep!")
	for _, msg := range runBatch(s.m.Init()) {
		if _, ok := msg.(welcomedMsg); ok {
			t.Fatal("the session wrote the welcome as well as the sign-up")
		}
	}
	if cmd := s.send(s.m.waitForSignUp()()); cmd != nil {
		t.Fatal("the session writes after a sign-up that recorded its welcome")
	}
	if a, _ := st.Account("SHA256:newcomer"); !a.Welcomed {
		t.Fatal("the sign-up did not record the welcome")
	}
}

func TestAWelcomeIsRecordedWhenTheSignUpFindsTheAccountMadeMeanwhile(t *testing.T) {
	st := newStore(t)
	pending := st.SignUpWelcomedInBackground("SHA256:newcomer", "root")
	s := &session{t: t, m: New(Config{Store: st, SignUp: pending, Width: 80, Height: 24}), store: st}
	s.wantScreen("Welcome to Barkeep!")
	// A command made the account first, unwelcomed: this sign-up then only
	// finds it.
	account, _, err := pending.Wait()
	if err != nil {
		t.Fatal(err)
	}
	account.Welcomed = false
	write := s.send(signedUpMsg{account: account})
	if write == nil {
		t.Fatal("the welcome shown is not recorded")
	}
	if _, ok := write().(welcomedMsg); !ok {
		t.Fatal("the write after the sign-up is not the welcome's")
	}
}
